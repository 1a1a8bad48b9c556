@modification:MP178
Feature: MP178 Removing DSP validation against the SMI join status for SR 8.8.x

  Source: seed 000_c8c8cc78d5c28133.txt, SEC modification report for MP178.

  A Join (8.7.x) can succeed on the devices while its response never reaches the DCC, so
  the Smart Metering Inventory holds no join record for devices that are in fact joined.
  Before MP178 the DSP then refused to unjoin them (E080801), and only a paid manual correction
  of the SMI could unblock the installation. MP178 drops that check for Unjoin only.

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN
    And Supplier A has installed and commissioned an ESME
    And Supplier A has pre-notified an IHD and added it to the CH device log

  @req:MP178-1 @MP178
  Rule: Unjoin (8.8.1 and 8.8.2) is accepted whatever join status the SMI holds for the two devices.
    Source: 000_c8c8cc78d5c28133.txt, section 3 "Solution", Proposed Solution.

    @needs:fault-injection
    Scenario: A join that worked on the devices but whose response was lost can be unjoined
      Given the ESME will apply its next command but its response will not reach the DCC
      And Supplier A has tried to join the IHD to the ESME with the non-critical Join Service
      When Supplier A unjoins the IHD from the ESME with the non-critical Unjoin Service
      Then the DCC acknowledges the request
      And the device reports the unjoin as done

    @needs:fault-injection
    Scenario: The critical Unjoin Service is accepted after a lost join response
      Given the ESME will apply its next command but its response will not reach the DCC
      And Supplier A has tried to join the IHD to the ESME with the non-critical Join Service
      When Supplier A unjoins the IHD from the ESME with the critical Unjoin Service
      Then the DCC acknowledges the request
      And the device reports the unjoin as done

    Scenario: A device that was never joined can be unjoined
      When Supplier A unjoins the IHD from the ESME with the non-critical Unjoin Service
      Then the DCC acknowledges the request
      And the device reports the unjoin as done

  @req:MP178-2 @MP178
  Rule: The DSP no longer raises E080801 in response to an unjoin request.
    Source: 000_c8c8cc78d5c28133.txt, section 1 "Summary" and section 3 "Solution".

    Scenario Outline: No unjoin request gets E080801 when the SMI holds no join
      When Supplier A unjoins the IHD from the ESME with the <service> Unjoin Service
      Then the response code is not E080801

      Examples:
        | service      |
        | critical     |
        | non-critical |

  @req:MP178-3 @before:MP178
  Rule: Before MP178, the DSP refuses an unjoin with E080801 when the SMI holds no join between the two devices.
    Source: 000_c8c8cc78d5c28133.txt, section 2 "Issue", the E080801 response code table.

    @needs:fault-injection
    Scenario: A join whose response was lost blocks the unjoin
      Given the ESME will apply its next command but its response will not reach the DCC
      And Supplier A has tried to join the IHD to the ESME with the non-critical Join Service
      When Supplier A unjoins the IHD from the ESME with the non-critical Unjoin Service
      Then the request is rejected with response code E080801

    Scenario Outline: A device that was never joined cannot be unjoined
      When Supplier A unjoins the IHD from the ESME with the <service> Unjoin Service
      Then the request is rejected with response code E080801

      Examples:
        | service      |
        | critical     |
        | non-critical |

  @req:MP178-4 @MP178
  Rule: After an accepted unjoin the device log and the SMI no longer hold the join, and the devices can be joined again.
    Source: 000_c8c8cc78d5c28133.txt, section 2 "Issue" (GBCS requires a device to accept a repeated Join) and section 3 "Solution".

    @needs:fault-injection @needs:inspection
    Scenario: Unjoin after a lost join response clears the device log and the SMI
      Given the ESME will apply its next command but its response will not reach the DCC
      And Supplier A has tried to join the IHD to the ESME with the non-critical Join Service
      And the ESME's device log holds the IHD
      And the SMI records no join between the IHD and the ESME
      When Supplier A unjoins the IHD from the ESME with the non-critical Unjoin Service
      Then the device reports the unjoin as done
      And the ESME's device log does not hold the IHD
      And the SMI records no join between the IHD and the ESME

    @needs:fault-injection
    Scenario: The devices can be joined again after the unjoin
      Given the ESME will apply its next command but its response will not reach the DCC
      And Supplier A has tried to join the IHD to the ESME with the non-critical Join Service
      And Supplier A has unjoined the IHD from the ESME with the non-critical Unjoin Service
      When Supplier A joins the IHD to the ESME with the non-critical Join Service
      Then the DCC acknowledges the request
      And the device reports the join as done

  @req:MP178-6
  Rule: On either side of MP178, devices whose join reached the DCC can be unjoined, and a device accepts a repeated join.
    Source: 000_c8c8cc78d5c28133.txt, section 2 "Issue" (the DSP mirrors the join on its response; GBCS requires a device to accept a re-sent Join).

    Scenario: A join whose response arrived can be unjoined
      Given Supplier A has joined the IHD to the ESME with the non-critical Join Service
      When Supplier A unjoins the IHD from the ESME with the non-critical Unjoin Service
      Then the DCC acknowledges the request
      And the device reports the unjoin as done

    Scenario: A device accepts a repeated join
      Given Supplier A has joined the IHD to the ESME with the non-critical Join Service
      When Supplier A joins the IHD to the ESME with the non-critical Join Service
      Then the DCC acknowledges the request
      And the device reports the join as done

  @req:MP178-5
  Rule: The modification changes no security control: only a User in an eligible role, acting for its own devices, may unjoin.
    Source: 000_c8c8cc78d5c28133.txt, section 1 "Summary" and section 3 "Solution" (the security elements are not altered).

    Scenario: A Network Operator may not send the Unjoin Service
      When the Network Operator unjoins the IHD from the ESME with the non-critical Unjoin Service
      Then the request is refused for the User's role

    Scenario: A Supplier that is not responsible for the ESME may not unjoin from it
      When Supplier B unjoins the IHD from the ESME with the non-critical Unjoin Service
      Then the request is refused because the User is not responsible for the device
