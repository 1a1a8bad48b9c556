@modification:MP125
Feature: MP125 Correcting Device Information for the ESME Variant

  Source: seed 002_c1c8b5473b20a22a.txt, DCC Preliminary Impact Assessment for SECMP0125 (v0.31).

  A Supplier pre-notifies each device (12.2) with its details, the ESME Variant among them. Until
  MP125 those details could be corrected with 8.4 Update Inventory only by the User that
  pre-notified the device and only while it was Pending, so a wrong ESME Variant stayed wrong once
  installation began, and a gaining Supplier could never fix what the installing Supplier got
  wrong. DCC estimated some 719,000 ESMEs were affected. MP125 lets the Responsible Supplier
  correct the ESME Variant of a SMETS2+ ESME that is Whitelisted, InstalledNotCommissioned or
  Commissioned. Everything else about 8.4 stays as it was.

  Scenarios tagged @MP125 show the new behaviour, @before:MP125 the old one; untagged scenarios
  hold on both sides. The DUIS schema is unchanged (section 5.2).

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN

  @req:MP125-1 @MP125
  Rule: The Responsible Supplier can correct the ESME Variant of a SMETS2+ ESME that is Whitelisted, InstalledNotCommissioned or Commissioned, and the inventory then shows the corrected value.
    Source: 002_c1c8b5473b20a22a.txt, section 3.4 "Solution Intention", section 4.1 "DSP Solution" and section 6.1 "Testing and Acceptance" (8.4 in each state of Install and Commission).

    @needs:fault-injection
    Scenario: An ESME that is Whitelisted, not yet on the HAN
      Given Supplier A has pre-notified an ESME
      And the ESME is not powered
      And Supplier A has added the ESME to the CH device log
      And the inventory shows the ESME as Whitelisted
      When Supplier A corrects the ESME Variant of the ESME to B
      Then the DCC accepts the request
      And the inventory shows the ESME with ESME Variant B

    Scenario: An ESME that is on the HAN, InstalledNotCommissioned
      Given Supplier A has pre-notified an ESME and added it to the CH device log
      And the inventory shows the ESME as InstalledNotCommissioned
      When Supplier A corrects the ESME Variant of the ESME to AD
      Then the DCC accepts the request
      And the inventory shows the ESME with ESME Variant AD

    Scenario: A Commissioned ESME
      Given Supplier A has installed and commissioned an ESME
      When Supplier A corrects the ESME Variant of the ESME to CDE
      Then the DCC accepts the request
      And the inventory shows the ESME with ESME Variant CDE
      And the inventory shows the ESME as Commissioned

    Scenario: Every User reads the corrected ESME Variant
      Given Supplier A has installed and commissioned an ESME
      And Supplier A has corrected the ESME Variant of the ESME to B
      Then Supplier B sees the ESME with ESME Variant B in the inventory
      And the Network Operator sees the ESME with ESME Variant B in the inventory

    Scenario: A second correction replaces the first
      Given Supplier A has installed and commissioned an ESME
      And Supplier A has corrected the ESME Variant of the ESME to B
      When Supplier A corrects the ESME Variant of the ESME to C
      Then the DCC accepts the request
      And the inventory shows the ESME with ESME Variant C

  @req:MP125-2 @MP125
  Rule: After a Change of Supplier the gaining Supplier, now the Responsible Supplier, can correct the ESME Variant the installing Supplier got wrong.
    Source: 002_c1c8b5473b20a22a.txt, section 3.2 "Problem Statement" (the gaining Supplier cannot correct) and section 6.1 "Testing and Acceptance" (Change of Supplier, then the new Supplier sends 8.4).

    Scenario: The gaining Supplier corrects the ESME Variant
      Given Supplier A has installed and commissioned an ESME
      And Supplier B has replaced the supplier credentials on the ESME
      When Supplier B corrects the ESME Variant of the ESME to BD
      Then the DCC accepts the request
      And Supplier B sees the ESME with ESME Variant BD in the inventory

  @req:MP125-3 @before:MP125
  Rule: Before MP125, nobody can correct the ESME Variant once the ESME has left Pending, not even its Responsible Supplier.
    Source: 002_c1c8b5473b20a22a.txt, section 3.2 "Problem Statement" and section 4.1 "DSP Solution" (the rule MP125 changes).

    @needs:fault-injection
    Scenario: A Whitelisted ESME keeps its ESME Variant
      Given Supplier A has pre-notified an ESME
      And the ESME is not powered
      And Supplier A has added the ESME to the CH device log
      When Supplier A corrects the ESME Variant of the ESME to B
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

    Scenario: An InstalledNotCommissioned ESME keeps its ESME Variant
      Given Supplier A has pre-notified an ESME and added it to the CH device log
      When Supplier A corrects the ESME Variant of the ESME to AD
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

    Scenario: A Commissioned ESME keeps its ESME Variant
      Given Supplier A has installed and commissioned an ESME
      When Supplier A corrects the ESME Variant of the ESME to CDE
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

    Scenario: The gaining Supplier cannot correct the ESME Variant after a Change of Supplier
      Given Supplier A has installed and commissioned an ESME
      And Supplier B has replaced the supplier credentials on the ESME
      When Supplier B corrects the ESME Variant of the ESME to BD
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

  @req:MP125-4
  Rule: While a device is Pending, only the User that pre-notified it may correct its details, the ESME Variant included; this holds on both sides of MP125.
    Source: 002_c1c8b5473b20a22a.txt, section 3.2 "Problem Statement" and section 4.1 "DSP Solution" (the existing rules remain for everything MP125 does not name).

    Scenario: The pre-notifying Supplier corrects the ESME Variant of a Pending ESME
      Given Supplier A has pre-notified an ESME
      When Supplier A corrects the ESME Variant of the ESME to C
      Then the DCC accepts the request
      And the inventory shows the ESME with ESME Variant C
      And the inventory shows the ESME as Pending

    Scenario: Another Supplier cannot correct a Pending ESME it did not pre-notify
      Given Supplier A has pre-notified an ESME
      When Supplier B corrects the ESME Variant of the ESME to C
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

  @req:MP125-5
  Rule: The correction is for the ESME Variant of a SMETS2+ ESME only: any other device detail, any other device type, SMETS1 devices and any status outside Whitelisted, InstalledNotCommissioned and Commissioned keep the rule from before MP125.
    Source: 002_c1c8b5473b20a22a.txt, section 3.4 "Solution Intention" (SMETS2+ only; the three statuses) and section 4.1 "DSP Solution" (existing rules remain for all other Device details).

    Scenario: The Device Model of a Commissioned ESME cannot be changed
      Given Supplier A has installed and commissioned an ESME
      When Supplier A changes the Device Model of the ESME
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with its Device Model unchanged

    Scenario: A correction that also changes the Device Model is refused as a whole
      Given Supplier A has installed and commissioned an ESME
      When Supplier A corrects the ESME Variant of the ESME to B together with its Device Model
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A
      And the inventory shows the ESME with its Device Model unchanged

    Scenario: A Commissioned GSME cannot be given an ESME Variant
      Given Supplier A has installed and commissioned a GSME
      When Supplier A corrects the ESME Variant of the GSME to B
      Then the DCC refuses the inventory update
      And the inventory shows the GSME without an ESME Variant

    Scenario: A Decommissioned ESME keeps its ESME Variant
      Given Supplier A has installed and commissioned an ESME
      And Supplier A has decommissioned the ESME
      When Supplier A corrects the ESME Variant of the ESME to B
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

    @needs:inventory-fixtures
    Scenario: A SMETS1 ESME keeps its ESME Variant
      Given a SMETS1 ESME with ESME Variant A migrated into the inventory for Supplier A
      When Supplier A corrects the ESME Variant of the ESME to B
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

  @req:MP125-6
  Rule: Only the Responsible Supplier corrects: after a Change of Supplier the losing Supplier, though it pre-notified the ESME, can no longer change its ESME Variant, on either side of MP125.
    Source: 002_c1c8b5473b20a22a.txt, section 3.3 "Business Requirement" (the Responsible Supplier) and section 6.1 "Testing and Acceptance" (Change of Supplier).

    Scenario: The losing Supplier cannot correct the ESME Variant
      Given Supplier A has installed and commissioned an ESME
      And Supplier B has replaced the supplier credentials on the ESME
      When Supplier A corrects the ESME Variant of the ESME to B
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

    Scenario: A Supplier that is not responsible cannot correct it either
      Given Supplier A has installed and commissioned an ESME
      When Supplier B corrects the ESME Variant of the ESME to B
      Then the DCC refuses the inventory update
      And the inventory shows the ESME with ESME Variant A

  @req:MP125-7
  Rule: An ESME Variant outside the values the DUIS schema lists is not a valid request: the schema refuses it and so does the DCC, and the inventory keeps the old value.
    Source: 002_c1c8b5473b20a22a.txt, section 3.1 "Context" (table 1, the ESME Variant codes) and section 5.2 "Technical Specifications" (no change to the DUIS Schema).

    Scenario: The ESME Variant "Z" is refused
      Given Supplier A has installed and commissioned an ESME
      When Supplier A sends an ESME Variant correction for the ESME with the value "Z"
      Then the DUIS schema does not allow the ESME Variant "Z"
      And the DCC refuses the request without processing it
      And the inventory shows the ESME with ESME Variant A
