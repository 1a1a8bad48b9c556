@modification:core
Feature: Install and commission a smart metering system

  Source: seed 000_c8c8cc78d5c28133.txt, section 1 "Summary" (the on-site Install and
  Commissioning steps) and seed 002_c1c8b5473b20a22a.txt, section 3.1 "Context" (pre-notification).

  The behaviour every modification builds on: the engineer fits the Communications Hub,
  the Supplier pre-notifies each device, has it added to the Communications Hub's device log,
  commissions the meters and joins the ancillary devices to them. The inventory (8.2) tells
  every User where each device stands. Which status follows which step is partly our reading
  of DUIS (see the README's assumptions).

  @req:IC-1
  Rule: A device pre-notified with 12.2 enters the Smart Metering Inventory as Pending.
    Source: 002_c1c8b5473b20a22a.txt, section 3.1 "Context".

    Scenario Outline: A pre-notified <device> is Pending
      When Supplier A pre-notifies an <device>
      Then the DCC accepts the request
      And the inventory shows the <device> as Pending

      Examples:
        | device |
        | ESME   |
        | GSME   |
        | IHD    |

    Scenario: A pre-notified ESME keeps the ESME Variant it was notified with
      When Supplier A pre-notifies an ESME with ESME Variant A
      Then the inventory shows the ESME with ESME Variant A

  @req:IC-2
  Rule: A Communications Hub reported installed with SM WAN has its CHF Commissioned and its GPF InstalledNotCommissioned.
    Source: 000_c8c8cc78d5c28133.txt, section 1 "Summary" (the engineer fits the Communications Hub); the statuses are our reading of DUIS 8.14.1.

    Scenario: Communications Hub installed with SM WAN
      When Supplier A reports the Communications Hub installed with SM WAN
      Then the DCC accepts the request
      And the inventory shows the CHF as Commissioned
      And the inventory shows the GPF as InstalledNotCommissioned

  @req:IC-3
  Rule: A device added to the Communications Hub's device log is whitelisted, and once on the HAN it is InstalledNotCommissioned.
    Source: 000_c8c8cc78d5c28133.txt, section 1 "Summary" (HAN joins before commissioning); 002_c1c8b5473b20a22a.txt, section 3.4 names these statuses.

    Background:
      Given Supplier A has installed a Communications Hub with SM WAN

    Scenario Outline: A <device> added to the device log joins the HAN
      Given Supplier A has pre-notified an <device>
      When Supplier A adds the <device> to the CH device log
      Then the DCC acknowledges the request
      And the DCC reports the device log update as done
      And the inventory shows the <device> as InstalledNotCommissioned

      Examples:
        | device |
        | ESME   |
        | GSME   |
        | IHD    |

    @needs:fault-injection
    Scenario: An ESME added to the device log but not yet on the HAN stays Whitelisted
      Given Supplier A has pre-notified an ESME
      And the ESME is not powered
      When Supplier A adds the ESME to the CH device log
      Then the DCC reports the device log update as done
      And the inventory shows the ESME as Whitelisted

  @req:IC-4
  Rule: Commissioning a meter (8.1.1, a critical request) makes it Commissioned.
    Source: 000_c8c8cc78d5c28133.txt, section 1 "Summary" (the engineer commissions the meters).

    Background:
      Given Supplier A has installed a Communications Hub with SM WAN

    Scenario Outline: A <device> on the HAN is commissioned
      Given Supplier A has pre-notified an <device> and added it to the CH device log
      When Supplier A commissions the <device>
      Then the DCC returns a pre-command for the User to sign
      And the device reports the command as done
      And the inventory shows the <device> as Commissioned

      Examples:
        | device |
        | ESME   |
        | GSME   |

    Scenario: A device that is only pre-notified cannot be commissioned
      Given Supplier A has pre-notified an ESME
      When Supplier A commissions the ESME
      Then the request is rejected with response code E5

  @req:IC-5
  Rule: Ancillary devices are joined to a commissioned meter with the Join Service (8.7.x).
    Source: 000_c8c8cc78d5c28133.txt, section 1 "Summary" and section 2 "Issue" (joins of IHD, PPMID and CAD).

    Background:
      Given Supplier A has installed a Communications Hub with SM WAN
      And Supplier A has installed and commissioned an ESME
      And Supplier A has pre-notified an IHD and added it to the CH device log

    Scenario: An IHD is joined to the ESME with the non-critical Join Service
      When Supplier A joins the IHD to the ESME with the non-critical Join Service
      Then the DCC acknowledges the request
      And the device reports the join as done

    Scenario: An IHD is joined to the ESME with the critical Join Service
      When Supplier A joins the IHD to the ESME with the critical Join Service
      Then the DCC returns a pre-command for the User to sign
      And the device reports the join as done

  @req:IC-6
  Rule: Every User in an eligible role can read the inventory; a device request is taken only from an eligible role.
    Source: 000_c8c8cc78d5c28133.txt, section 2 "Issue" (the SMI is the DCC's mirror of the HAN); the eligible roles per Service Request are DUIS's.

    Background:
      Given Supplier A has installed a Communications Hub with SM WAN
      And Supplier A has installed and commissioned an ESME

    Scenario: Another Supplier and the Network Operator read the inventory of the ESME
      Then Supplier B sees the ESME as Commissioned in the inventory
      And the Network Operator sees the ESME as Commissioned in the inventory

    Scenario: A Network Operator may not commission a meter
      When the Network Operator commissions the ESME
      Then the request is refused for the User's role

  @req:IC-7
  Rule: The DCC takes a Service Request only from the User that signed it: a request in one User's name carrying another User's signature is refused and changes nothing.
    Source: 000_c8c8cc78d5c28133.txt, section 1 "Summary" (the modification leaves the Security elements of the process as they are). The seeds do not describe request signing itself; that it is by the sending User, and the code of the refusal, are our reading of DUIS (see the README's assumptions).

    Scenario: A correction in Supplier A's name, signed by Supplier B
      Given Supplier A has pre-notified an ESME
      When a request from Supplier A to correct the ESME Variant of the ESME to C arrives signed by Supplier B
      Then the DCC refuses the request without processing it
      And the inventory shows the ESME with ESME Variant A
