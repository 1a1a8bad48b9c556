@modification:SAT @needs:ssi
Feature: Service Audit Trail visibility in the Self-Service Interface

  Source: seed 001_5ffb74411a4cdc3a.txt, draft SEC modification report "Service Audit Trail
  visibility" (Suppliers and Network Operators viewing Service Request and Service Response titles).

  The DCC keeps a Service Audit Trail of the Service Requests, pre-commands, acknowledgements,
  Service Responses and alerts that cross the DCC User Interface, and shows it in the
  Self-Service Interface. SEC H8.16(b) shows each User only its own part. A Supplier whose meter
  raises alerts because of another User's request therefore cannot see why, and a Supplier that
  gained a meter on a Change of Supplier cannot see what was sent to it before. The modification
  lets the Responsible Supplier of a device, and the Network Operator whose network it is on, see
  the titles of everything sent to or about the device, whoever sent it; never the payload.

  In every scenario below Supplier A has installed the meters, Supplier C (no part in this
  premises) has tried to join a device to the meter and been refused, and Supplier B has since
  taken the meter over by a Change of Supplier.

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN
    And Supplier A has installed and commissioned an ESME
    And Supplier A has pre-notified an IHD and added it to the CH device log
    And Supplier C has tried to join the IHD to the ESME with the non-critical Join Service
    And Supplier B has replaced the supplier credentials on the ESME

  @req:SAT-1 @SAT
  Rule: The Responsible Supplier of a device sees the titles of every Service Request and Service Response associated with it, whichever User sent or received them, including those from before a Change of Supplier.
    Source: 001_5ffb74411a4cdc3a.txt, section 1 "Summary" and section 3 "Solution" (requirement 1: the Responsible Supplier; traffic from before a Change of Supplier).

    Scenario: After a Change of Supplier the gaining Supplier sees what every User sent to the meter
      When Supplier B views the Service Audit Trail of the ESME in the Self-Service Interface
      Then Supplier B sees the titles of Supplier A's Service Requests to the ESME and of their responses
      And Supplier B sees the titles of Supplier C's Service Requests to the ESME and of their responses
      And Supplier B sees the titles of Supplier B's Service Requests to the ESME and of their responses

    Scenario: The gaining Supplier's automation reads the same through the Self-Service Interface API
      When Supplier B asks the Self-Service Interface API for the Service Audit Trail of the ESME
      Then Supplier B sees the titles of Supplier A's Service Requests to the ESME and of their responses
      And Supplier B sees the titles of Supplier C's Service Requests to the ESME and of their responses

  @req:SAT-2 @SAT
  Rule: A Network Operator sees the titles of every Service Request and Service Response associated with a device on its network, whichever User sent or received them.
    Source: 001_5ffb74411a4cdc3a.txt, section 3 "Solution" (a Device that is on their Network) and section 7 "Assessment of the proposal", under "Solution development" (requirement 2 kept for Network Parties).

    Scenario: The Network Operator sees every Supplier's traffic to a meter on its network
      When the Network Operator views the Service Audit Trail of the ESME in the Self-Service Interface
      Then the Network Operator sees the titles of Supplier A's Service Requests to the ESME and of their responses
      And the Network Operator sees the titles of Supplier B's Service Requests to the ESME and of their responses
      And the Network Operator sees the titles of Supplier C's Service Requests to the ESME and of their responses

    Scenario: The Network Operator's automation reads the same through the API
      When the Network Operator asks the Self-Service Interface API for the Service Audit Trail of the ESME
      Then the Network Operator sees the titles of Supplier B's Service Requests to the ESME and of their responses

  @req:SAT-3
  Rule: The Self-Service Interface shows the titles of Service Requests and Service Responses and the trail's own details, never a message's payload.
    Source: 001_5ffb74411a4cdc3a.txt, section 3 "Solution" (titles only, no metadata or payload) and section 7 "Assessment of the proposal", under "Observations on the issue" (Operations Group: no payload, for security and data protection).

    Scenario: No payload reaches the page, whoever looks
      When Supplier A views the Service Audit Trail of the ESME in the Self-Service Interface
      And Supplier B views the Service Audit Trail of the ESME in the Self-Service Interface
      Then no payload of any message in this scenario reaches the Self-Service Interface

    Scenario: No payload reaches the API either
      When Supplier B asks the Self-Service Interface API for the Service Audit Trail of the ESME
      Then no payload of any message in this scenario reaches the Self-Service Interface

  @req:SAT-4
  Rule: A User that is neither the Responsible Supplier of a device nor the Network Operator of its network sees only its own Service Requests and Service Responses about it.
    Source: 001_5ffb74411a4cdc3a.txt, section 2 "Issue" (SEC H8.16(b): available only to that User) and section 7 "Assessment of the proposal", under "Observations on the issue" (TABASC: Users looking at competitors' traffic).

    Scenario: The losing Supplier sees only its own traffic to the meter it has lost
      When Supplier A views the Service Audit Trail of the ESME in the Self-Service Interface
      Then Supplier A sees only its own Service Requests and responses
      And Supplier A sees the titles of Supplier A's Service Requests to the ESME and of their responses
      And Supplier A does not see Supplier B's Service Requests to the ESME

    Scenario: A Supplier with no part in the premises sees only its own refused request
      When Supplier C views the Service Audit Trail of the ESME in the Self-Service Interface
      Then Supplier C sees only its own Service Requests and responses
      And Supplier C sees the titles of Supplier C's Service Requests to the ESME and of their responses
      And Supplier C does not see Supplier A's Service Requests to the ESME

    Scenario: A Supplier with no part in a device cannot open its trail
      When Supplier C asks the Self-Service Interface API for the Service Audit Trail of the CHF
      Then the Self-Service Interface refuses to show Supplier C the CHF

  @req:SAT-5 @before:SAT
  Rule: Before the modification every User, the Responsible Supplier and the Network Operator included, sees only its own Service Requests and Service Responses.
    Source: 001_5ffb74411a4cdc3a.txt, section 2 "Issue" (SEC H8.16(b) as it stands: a User's own Service Requests and Service Responses, available only to that User).

    Scenario: The gaining Supplier does not see what the losing Supplier sent
      When Supplier B views the Service Audit Trail of the ESME in the Self-Service Interface
      Then Supplier B sees only its own Service Requests and responses
      And Supplier B sees the titles of Supplier B's Service Requests to the ESME and of their responses
      And Supplier B does not see Supplier A's Service Requests to the ESME

    Scenario: The Network Operator does not see the Suppliers' traffic
      When the Network Operator asks the Self-Service Interface API for the Service Audit Trail of the ESME
      Then the Network Operator sees only its own Service Requests and responses
      And the Network Operator does not see Supplier B's Service Requests to the ESME

  @req:SAT-6
  Rule: The Service Audit Trail covers at least the three months before the day it is looked at.
    Source: 001_5ffb74411a4cdc3a.txt, section 2 "Issue" (SEC H8.16(b): a record covering no less than three months before it is accessed).

    @needs:clock
    Scenario: A request sent three months ago is still in the trail
      Given the DCC's clock reads 92 days ago
      And Supplier B has joined the IHD to the ESME with the non-critical Join Service
      And the DCC's clock reads today again
      When Supplier B views the Service Audit Trail of the ESME in the Self-Service Interface
      Then Supplier B sees the titles of Supplier B's Service Requests to the ESME and of their responses
      And Supplier B sees entries from 92 days ago in the Service Audit Trail
