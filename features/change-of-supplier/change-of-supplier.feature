@modification:core
Feature: Change of Supplier

  Source: seed 002_c1c8b5473b20a22a.txt, section 3.2 "Problem Statement", and seed
  001_5ffb74411a4cdc3a.txt on traffic before and after a Change of Supplier.

  When a consumer changes supplier, the gaining Supplier replaces the losing Supplier's
  security credentials on the meter (6.23 Update Security Credentials (CoS)). Once the meter
  accepts them, the gaining Supplier is the Responsible Supplier and the losing Supplier can
  no longer act on the meter.

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN
    And Supplier A has installed and commissioned an ESME
    And Supplier A has pre-notified an IHD and added it to the CH device log

  @req:COS-1
  Rule: When the meter accepts the gaining Supplier's credentials, the gaining Supplier becomes the Responsible Supplier.
    Source: 002_c1c8b5473b20a22a.txt, section 3.2 "Problem Statement" (the gaining responsible Supplier).

    Scenario: The gaining Supplier takes over the ESME
      When Supplier B replaces the supplier credentials on the ESME
      Then the DCC acknowledges the request
      And the device reports the credentials update as done

    Scenario: The gaining Supplier can then act on the ESME
      Given Supplier B has replaced the supplier credentials on the ESME
      When Supplier B joins the IHD to the ESME with the non-critical Join Service
      Then the DCC acknowledges the request
      And the device reports the join as done

    Scenario: The gaining Supplier cannot act on the ESME before the change
      When Supplier B joins the IHD to the ESME with the non-critical Join Service
      Then the request is refused because the User is not responsible for the device

  @req:COS-2
  Rule: After the change the losing Supplier's device requests are refused.
    Source: 002_c1c8b5473b20a22a.txt, section 3.2 "Problem Statement" (only the Responsible Supplier may act on a device past Pending).

    Scenario: The losing Supplier can no longer join devices to the ESME
      Given Supplier B has replaced the supplier credentials on the ESME
      When Supplier A joins the IHD to the ESME with the non-critical Join Service
      Then the request is refused because the User is not responsible for the device

    Scenario: The losing Supplier can still read the inventory
      Given Supplier B has replaced the supplier credentials on the ESME
      Then Supplier A sees the ESME as Commissioned in the inventory

    @needs:fault-injection
    Scenario: A change the meter refused leaves the losing Supplier responsible
      Given the ESME will refuse its next command
      And Supplier B has tried to replace the supplier credentials on the ESME
      When Supplier A joins the IHD to the ESME with the non-critical Join Service
      Then the DCC acknowledges the request
