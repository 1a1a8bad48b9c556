@modification:MP081 @needs:inspection
Feature: MP081 6.24.2 Retrieve Device Security Credentials keeps the DCC's records in line

  Source: seed 003_713bd418f11cbae1.txt, MP081, section 3 "Solution" (Changes to Service Request
  6.24.2) and Annex A (DUIS 3.8.77.4 "Additional DCC System Processing").

  6.24.2 asks a device which certificate of a type (Digital Signature, Key Agreement) it uses.
  When the device answers, the DCC compares the certificate with the one its Inventory holds and,
  if the device uses another, updates both the Inventory and the SMKI Repository. Neither record
  shows in DUIS, so the scenarios read them through the target's inspection capability.

  Not side-tagged: MP081 describes processing the DCC already did (section 4, "no impacts on the
  DCC Systems").

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN
    And Supplier A has installed and commissioned an ESME

  @req:MP081-11
  Rule: On a successful 6.24.2 response, when the device uses a certificate other than the one the Inventory holds, the DCC updates the Inventory and the SMKI Repository to it.
    Source: 003_713bd418f11cbae1.txt, Annex A, DUIS 3.8.77.4 "Additional DCC System Processing".

    @needs:fault-injection
    Scenario Outline: A <credential> certificate the ESME renewed unseen
      Given the ESME has started using a new <credential> certificate the DCC has not heard of
      When Supplier A retrieves the ESME's <credential> certificate
      Then the DCC returns a pre-command for the User to sign
      And the device reports the command as done
      And the Inventory and the SMKI Repository hold the <credential> certificate the ESME uses

      Examples:
        | credential        |
        | Digital Signature |
        | Key Agreement     |

    Scenario: Records that already agree stay as they are
      When Supplier A retrieves the ESME's Digital Signature certificate
      Then the device reports the command as done
      And the DCC's records of the ESME's Digital Signature certificate are unchanged
      And the Inventory and the SMKI Repository hold the Digital Signature certificate the ESME uses

  @req:MP081-12
  Rule: Without a successful response from the device the DCC changes neither the Inventory nor the SMKI Repository.
    Source: 003_713bd418f11cbae1.txt, Annex A, DUIS 3.8.77.4 ("Upon receipt of the successful Response from the Device").

    @needs:fault-injection
    Scenario: The device's response never reaches the DCC
      Given the ESME has started using a new Digital Signature certificate the DCC has not heard of
      And the ESME will apply its next command but its response will not reach the DCC
      When Supplier A retrieves the ESME's Digital Signature certificate
      Then no successful response from the device reaches the User
      And the Inventory and the SMKI Repository still hold the ESME's old Digital Signature certificate

    @needs:fault-injection
    Scenario: The device refuses
      Given the ESME has started using a new Digital Signature certificate the DCC has not heard of
      And the ESME will refuse its next command
      When Supplier A retrieves the ESME's Digital Signature certificate
      Then the DCC passes on the device's answer
      And the Inventory and the SMKI Repository still hold the ESME's old Digital Signature certificate
