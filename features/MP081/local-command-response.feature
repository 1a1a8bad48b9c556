@modification:MP081 @needs:local-delivery
Feature: MP081 8.13 Return Local Command Response

  Source: seed 003_713bd418f11cbae1.txt, MP081, section 2 "Background", section 3 "Solution"
  (Additional Service Requests for Organisation Certificate tracking) and Annex A (DUIS 3.8.112.2).

  Instead of sending a command over the SM WAN, the DCC can return it to the User (command variant
  2, or 6 after a critical request's pre-command is signed) for an installer to deliver on site
  with a hand-held terminal. What the device answers then reaches the DCC only if the User returns
  it with 8.13, and the DCC processes it as if it had come over the WAN. DUIS lists the Service
  Requests whose responses the DCC needs back this way; MP081 added 6.15.1 and 6.21, without which
  the DCC cannot track the Organisation Certificates placed on devices by local delivery.

  Not side-tagged: the DCC already took these responses back (section 4, "no impacts on the DCC
  Systems"); MP081 put them on the list. A DSP that followed the list as it stood before MP081 is a
  deliberately faulty reference in the suite's own tests.

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN
    And Supplier A has installed and commissioned an ESME
    And Supplier A has pre-notified an IHD and added it to the CH device log

  @req:MP081-7
  Rule: A command requested for local delivery comes back to the User to carry to the device; nothing goes over the WAN.
    Source: 003_713bd418f11cbae1.txt, section 3 "Solution" (in the event of a Local Command delivery) and Annex A, DUIS 3.8.112.2.

    @needs:inspection
    Scenario: A non-critical join is returned for local delivery
      When Supplier A asks for the non-critical Join Service of the IHD to the ESME for local delivery
      Then the DCC returns the command for local delivery
      And no device response comes over the WAN
      And the ESME's device log does not hold the IHD

    Scenario: A critical join is returned for local delivery once its pre-command is signed
      When Supplier A asks for the critical Join Service of the IHD to the ESME for local delivery
      Then the DCC returns a pre-command for the User to sign
      And the DCC returns the command for local delivery

  @req:MP081-8
  Rule: A device's response to a locally delivered command of a listed Service Request, returned with 8.13, is accepted and processed as the DCC would process it over the WAN.
    Source: 003_713bd418f11cbae1.txt, Annex A, DUIS 3.8.112.2 (the Service Request Responses list: 3.2, 6.8, 6.15.1, 6.15.2, 6.21, 6.23, 8.7.1, 8.7.2, 8.8.1, 8.8.2, 8.11, 8.12.1, 8.12.2, 11.3).

    @needs:inspection
    Scenario Outline: A <criticality> join delivered on site is recorded once its response comes back
      Given Supplier A has had the <criticality> Join Service of the IHD to the ESME delivered locally
      And the ESME's device log holds the IHD
      And the SMI records no join between the IHD and the ESME
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the SMI records the IHD as joined to the ESME

      Examples:
        | criticality  |
        | non-critical |
        | critical     |

    Scenario: A PPMID added to the CH device log on site is on the HAN once the response comes back
      Given Supplier A has pre-notified a PPMID
      When Supplier A asks for the PPMID to be added to the CH device log for local delivery
      And the installer delivers the command to the CHF
      And Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the inventory shows the PPMID as InstalledNotCommissioned

    @needs:inspection
    Scenario: An access restriction for a change of tenancy set on site (3.2) is recorded once the response comes back
      When Supplier A asks for access to the ESME's data to be restricted for a change of tenancy for local delivery
      And the installer delivers the command to the ESME
      Then the DCC does not yet record the access restriction on the ESME
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the DCC records the access restriction on the ESME

    @needs:inspection
    Scenario: A GSME's billing calendar set on site (6.8) reaches its GPF once the response comes back
      Given Supplier A has pre-notified a GSME and added it to the CH device log
      When Supplier A asks for a new billing calendar on the GSME for local delivery
      And the installer delivers the command to the GSME
      Then the GPF does not hold the GSME's new billing calendar
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the GPF holds the GSME's new billing calendar

    @needs:inspection
    Scenario: A device's own certificate replaced on site (6.15.2) is in the Inventory once the response comes back
      When Supplier A asks for a new Digital Signature certificate to be placed on the ESME for local delivery
      And the installer delivers the command to the ESME
      Then the Inventory does not yet hold the Digital Signature certificate the ESME uses
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the Inventory and the SMKI Repository hold the Digital Signature certificate the ESME uses

    Scenario: A replacement CHF given the old CHF's device log on site (8.12.1) holds its devices once the response comes back
      Given Supplier A has installed a replacement Communications Hub with SM WAN
      When Supplier A asks for the CHF's device log to be restored on the replacement CHF for local delivery
      And the installer delivers the command to the replacement CHF
      Then the inventory does not show the ESME on the replacement Communications Hub
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the inventory shows the ESME on the replacement Communications Hub
      And the inventory shows the IHD on the replacement Communications Hub

    Scenario: A replacement GPF given the old GPF's device log on site (8.12.2) holds its gas meter once the response comes back
      Given Supplier A has pre-notified a GSME and added it to the CH device log
      And Supplier A has added the GSME to the GPF device log
      And Supplier A has installed a replacement Communications Hub with SM WAN
      When Supplier A asks for the GPF's device log to be restored on the replacement GPF for local delivery
      And the installer delivers the command to the replacement GPF
      Then the inventory does not show the GSME on the replacement Communications Hub
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the inventory shows the GSME on the replacement Communications Hub

    @needs:firmware-images
    Scenario: Firmware activated on site (11.3) is the ESME's firmware version in the inventory once the response comes back
      When Supplier A asks for a firmware image on the Central Products List to be activated on the ESME for local delivery
      And the installer delivers the command to the ESME
      Then the inventory shows the ESME's firmware version unchanged
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the inventory shows the ESME running the activated image's firmware version

  @req:MP081-9
  Rule: The responses of 6.15.1 and 6.21 delivered locally come back through 8.13, so the DCC tracks the Organisation Certificates placed on the device.
    Source: 003_713bd418f11cbae1.txt, section 2 "Background" (Local Delivery will not work without them), section 3 "Solution" (Organisation Certificate tracking) and Annex A, DUIS 3.8.112.2.

    @needs:inspection
    Scenario: A Supplier certificate updated on site (6.15.1)
      When Supplier A asks for the Supplier certificate on the ESME to be updated for local delivery
      And the installer delivers the command to the ESME
      Then the DCC does not yet track the new Supplier certificate as on the ESME
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the DCC tracks the new Supplier certificate as on the ESME

    @needs:inspection
    Scenario: A handover of a DCC controlled device done on site (6.21)
      When Supplier A asks for the handover of the ESME to its own certificate for local delivery
      And the installer delivers the command to the ESME
      Then the DCC does not yet track the new Supplier certificate as on the ESME
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC accepts the request
      And the DCC tracks the new Supplier certificate as on the ESME

  @req:MP081-10
  Rule: 8.13 is refused for anything else: a Service Request not on the list, a request that was not returned for local delivery, a response already returned, or a response returned by another User.
    Source: 003_713bd418f11cbae1.txt, Annex A, DUIS 3.8.112.2 (the Service Request Responses needed by the DCC Systems via 8.13).

    Scenario: The response to 6.24.2, which is not on the list
      When Supplier A asks for the ESME's Digital Signature certificate for local delivery
      And the installer delivers the command to the ESME
      And Supplier A returns the device's response with Return Local Command Response
      Then the DCC refuses the request

    Scenario: The response to a join sent over the WAN
      Given Supplier A has joined the IHD to the ESME with the non-critical Join Service
      When Supplier A returns the device's response to that request with Return Local Command Response
      Then the DCC refuses the request

    Scenario: The same response twice
      Given Supplier A has had the non-critical Join Service of the IHD to the ESME delivered locally
      And Supplier A has returned the device's response with Return Local Command Response
      When Supplier A returns the device's response with Return Local Command Response
      Then the DCC refuses the request

    Scenario: A response returned by another Supplier
      Given Supplier A has had the non-critical Join Service of the IHD to the ESME delivered locally
      When Supplier B returns the device's response with Return Local Command Response
      Then the DCC refuses the request
