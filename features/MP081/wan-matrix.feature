@modification:MP081 @needs:wan-coverage-data
Feature: MP081 12.1 Request WAN Matrix and the CHISM WAN Variants

  Source: seed 003_713bd418f11cbae1.txt, MP081 'Alignment of DUIS and CHISM to reflect current DCC
  Processing', section 3 "Solution" (CHISM) and Annex A (CHISM Annex E3, table 3).

  A User asks the DCC with 12.1 whether a property has SM WAN coverage. The answer names the CSP
  region, whether coverage is available, when it is expected, and the WAN Variant the
  Communications Hub needs. CHISM Annex E table 3 lists the WAN Variants. CSP South & Central
  sometimes knows when coverage will come before it knows which variant the property needs; it then
  answers with a date and the WAN Variant " " (a single space), which table 3 lacked until MP081.

  None of this is side-tagged: MP081 aligned the SEC with what the DCC already did (section 4,
  "no impacts on the DCC Systems"), so a DCC with or without MP081 answers alike.

  Which answer a property should get is the CSPs' data, not a DUIS fact: the scenarios take it from
  the coverage data the target declares (the reference's own file, or the file an external target
  is run with: --target-options '{"wanCoverage":"FILE"}'); a target that declares none gets
  NOT APPLICABLE.

  @req:MP081-1
  Rule: 12.1 answers with the CSP region, coverage, anticipated date and WAN Variant the coverage data holds, and the WAN Variant is one of CHISM Annex E table 3 for that region.
    Source: 003_713bd418f11cbae1.txt, section 3 "Solution" (CHISM: an Availability Date and WAN Variant in most cases) and Annex A, CHISM Annex E3 table 3.

    Scenario Outline: A property needing WAN Variant <variant>
      Given a property whose SM WAN coverage data gives WAN Variant "<variant>"
      When Supplier A requests the WAN Matrix for the property
      Then the DCC answers with the WAN Matrix the coverage data gives for the property
      And the WAN Matrix gives WAN Variant "<variant>" for "<region>"

      Examples: CHISM Annex E table 3 (DCC 2.0 column)
        | variant       | region              |
        | 420           | CSP North           |
        | 450           | CSP North           |
        | Cellular      | CSP South & Central |
        | Cellular+Mesh | CSP South & Central |

    Scenario: A property found by post code and address
      Given a property the SM WAN coverage data knows by post code and address
      When Supplier A requests the WAN Matrix for the property by its post code and address
      Then the DCC answers with the WAN Matrix the coverage data gives for the property

    Scenario: A Network Operator asks too
      Given a property whose SM WAN coverage data gives WAN Variant "420"
      When the Network Operator requests the WAN Matrix for the property
      Then the DCC answers with the WAN Matrix the coverage data gives for the property

  @req:MP081-2
  Rule: CSP South & Central may answer with an anticipated coverage date and the WAN Variant " " (a single space) while it cannot confirm which variant the property needs.
    Source: 003_713bd418f11cbae1.txt, section 3 "Solution" (CHISM) and Annex A, CHISM Annex E3 table 3, the " " Space row and its note.

    Scenario: Coverage is coming but the WAN Variant is not yet confirmed
      Given a property whose SM WAN coverage data gives WAN Variant " "
      When Supplier A requests the WAN Matrix for the property
      Then the DCC answers with the WAN Matrix the coverage data gives for the property
      And the WAN Matrix gives WAN Variant " " for "CSP South & Central"
      And the WAN Matrix gives an anticipated coverage date

  @req:MP081-3
  Rule: A property with no SM WAN coverage intended is answered "No Coverage Intended", coverage not available; a property the coverage data does not hold gets no WAN Matrix.
    Source: 003_713bd418f11cbae1.txt, Annex A, CHISM Annex E3 table 3 ("No Coverage Intended", CSP region N/A).

    Scenario: No coverage intended
      Given a property whose SM WAN coverage data gives WAN Variant "No Coverage Intended"
      When Supplier A requests the WAN Matrix for the property
      Then the DCC answers with the WAN Matrix the coverage data gives for the property
      And the WAN Matrix gives WAN Variant "No Coverage Intended" for "N/A"
      And the WAN Matrix says SM WAN coverage is not available

    Scenario: A property the coverage data does not hold
      Given a property the SM WAN coverage data does not hold
      When Supplier A requests the WAN Matrix for the property
      Then the DCC answers without a WAN Matrix
