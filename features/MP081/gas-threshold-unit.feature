@modification:MP081
Feature: MP081 the unit of BlockThreshold in GasThresholdMatrix

  Source: seed 003_713bd418f11cbae1.txt, MP081, section 3 "Solution" (Unit error correction) and
  Annex A (DUIS 3.8.1.2, the GasThresholdMatrix table).

  DUIS gave the gas block tariff thresholds (GasThresholdMatrix, BlockThreshold) in kWh; the DCC
  processes them in Wh, and MP081 corrected the table. The DUIS schema carries the number without
  its unit, so the suite keeps units in a data dictionary of its own, prints it in every report,
  and its unit tests find this unit in the seed's text.

  Not side-tagged: the DCC never used kWh, so no target behaves differently with or without MP081;
  only the printed text changed. This check is of the suite itself and holds on any target.

  @req:MP081-13
  Rule: The BlockThreshold data items of a GasThresholdMatrix are in Wh.
    Source: 003_713bd418f11cbae1.txt, section 3 "Solution" (the unit changed from kWh to Wh) and Annex A, DUIS 3.8.1.2 table 1.

    Scenario: The suite reads BlockThreshold values as Wh
      Then the suite's data dictionary gives BlockThreshold in GasThresholdMatrix in Wh
