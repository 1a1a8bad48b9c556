@modification:MP081 @needs:inventory-fixtures
Feature: MP081 8.14.2 Communications Hub Status Update - Install No SM WAN

  Source: seed 003_713bd418f11cbae1.txt, MP081, section 3 "Solution" (Changes to Service Request
  8.14.2) and Annex A (DUIS 3.8.106.3 and 3.8.114.4).

  An installer may fit a Communications Hub where there is no SM WAN yet and report it with 8.14.2.
  MP081 writes down how the DCC handles that report so the inventory shows such a hub correctly:
  what it refuses (a device that is not a CHF, an install date-time in the future), that the usual
  check of the device's status is not made, and that a hub still Pending moves on to
  InstalledNotCommissioned with a warning.

  Not side-tagged: MP081 describes existing DCC processing (section 4, "no impacts on the DCC
  Systems"), so it holds for a target with or without MP081 in its baseline.

  @req:MP081-4
  Rule: A Communications Hub whose CHF is not InstalledNotCommissioned is accepted with warning W081401, and a CHF still Pending becomes InstalledNotCommissioned, with its GPF if that is still Pending too.
    Source: 003_713bd418f11cbae1.txt, Annex A, DUIS 3.8.106.3 (W081401 and its note) and 3.8.114.4 "Additional DCC System Processing".

    Scenario: A hub fresh from the DCC: CHF and GPF become InstalledNotCommissioned
      Given a Communications Hub delivered by the DCC
      When Supplier A reports the Communications Hub installed without SM WAN
      Then the DCC accepts the request with warning W081401
      And the inventory shows the CHF as InstalledNotCommissioned
      And the inventory shows the GPF as InstalledNotCommissioned

    Scenario: A GPF that is no longer Pending keeps its status
      Given a Communications Hub whose CHF is Pending and whose GPF is Commissioned
      When Supplier A reports the Communications Hub installed without SM WAN
      Then the DCC accepts the request with warning W081401
      And the inventory shows the CHF as InstalledNotCommissioned
      And the inventory shows the GPF as Commissioned

    Scenario: A CHF already InstalledNotCommissioned is accepted without a warning
      Given a Communications Hub whose CHF is InstalledNotCommissioned
      When Supplier A reports the Communications Hub installed without SM WAN
      Then the DCC accepts the request without a warning
      And the inventory shows the CHF as InstalledNotCommissioned

    Scenario: A Commissioned CHF gets the warning and stays Commissioned
      Given Supplier A has installed a Communications Hub with SM WAN
      When Supplier A reports the Communications Hub installed without SM WAN
      Then the DCC accepts the request with warning W081401
      And the inventory shows the CHF as Commissioned

  @req:MP081-5
  Rule: The general check that the device's status suits the Service Request (E5) is not made for 8.14.2.
    Source: 003_713bd418f11cbae1.txt, Annex A, DUIS 3.8.106.3 "Specific Validation for this Request".

    Scenario Outline: A <status> CHF is not refused for its status
      Given a Communications Hub whose CHF is <status>
      When Supplier A reports the Communications Hub installed without SM WAN
      Then the response code is not E5
      And the DCC accepts the request with warning W081401
      And the inventory shows the CHF as <status>

      Examples:
        | status         |
        | Withdrawn      |
        | Decommissioned |
        | Suspended      |

  @req:MP081-6
  Rule: 8.14.2 naming a device that is not a CHF is refused with E081401, and one whose install date-time is in the future with E081402; neither changes the inventory.
    Source: 003_713bd418f11cbae1.txt, Annex A, DUIS 3.8.106.3, the E081401 and E081402 response codes.

    Scenario: The GPF is named instead of the CHF
      Given a Communications Hub delivered by the DCC
      When Supplier A reports the GPF installed without SM WAN
      Then the request is rejected with response code E081401
      And the inventory shows the GPF as Pending

    Scenario: A meter is named instead of the CHF
      Given Supplier A has installed a Communications Hub with SM WAN
      And Supplier A has pre-notified an ESME
      When Supplier A reports the ESME installed without SM WAN
      Then the request is rejected with response code E081401
      And the inventory shows the ESME as Pending

    @needs:clock
    Scenario: An install date-time after the DCC's now
      Given a Communications Hub delivered by the DCC
      And the DCC's clock reads 2025-03-01T10:00:00Z
      When Supplier A reports the Communications Hub installed without SM WAN at 2025-03-01T11:00:00Z
      Then the request is rejected with response code E081402
      And the inventory shows the CHF as Pending

    @needs:clock
    Scenario: An install date-time before the DCC's now
      Given a Communications Hub delivered by the DCC
      And the DCC's clock reads 2025-03-01T10:00:00Z
      When Supplier A reports the Communications Hub installed without SM WAN at 2025-03-01T09:00:00Z
      Then the DCC accepts the request with warning W081401
      And the inventory shows the CHF as InstalledNotCommissioned
