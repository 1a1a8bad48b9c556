@modification:MP077 @needs:registration-files
Feature: MP077 DCC Service Flagging: the flag of each Meter Point

  Source: seed 004_8450724e417126b9.txt, SEC modification MP077 'DCC Service Flagging': draft
  modification report, business requirements v0.4, legal text v0.1 and the DCC's Preliminary
  Impact Assessment (PIA).

  The DCC gives each Meter Point (an MPAN for electricity, an MPRN for gas) a DCC Service Flag
  and sends it to the registration systems, so that Suppliers and Network Operators can tell
  whether a working smart metering system is there. Before MP077 only A (Active) ever reached
  them, and it stayed A after the meters had gone. MP077 adds N (Non-Active) and I
  (InstalledNotCommissioned) and retires W and S.

  The seed holds two readings of when each value applies, and the suite runs both as flag
  profiles (run --flag-profile): legal-text (the modification report's solution and legal text:
  an installed but uncommissioned meter gives I) and dsp-assessment (the PIA's section 3.1.2: the
  DSP's existing rules, null until first Active, I never set). A scenario with a profile tag
  holds under that reading only; untagged ones hold under both.

  The flag itself is not visible through DUIS (PIA 3.1.1): every scenario reads it where the DCC
  sends it, in the registration file of the meter's fuel, checked record by record against the
  legal text's field tables (gas) or our own layout (electricity).

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN

  @req:MP077-1
  Rule: A Meter Point becomes Active (A) when a smart meter associated with it is commissioned, and the registration system is told.
    Source: 004_8450724e417126b9.txt, business requirements section 2.2 (requirement 1); PIA sections 3.1.1 and 3.1.2 (rule 2).

    Scenario Outline: Commissioning the <meter> makes its Meter Point Active in the <fuel> registration file
      Given Supplier A has pre-notified a <meter> and added it to the CH device log
      And Supplier A has commissioned the <meter>
      When the DCC sends the <fuel> registration file
      Then the <fuel> registration file gives the <meter>'s Meter Point the DCC Service Flag A

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

  @req:MP077-2 @MP077
  Rule: When the last smart meter at an Active Meter Point is decommissioned, the Meter Point becomes Non-Active (N) and the registration system is told.
    Source: 004_8450724e417126b9.txt, business requirements sections 2.3 and 2.4 (requirements 2 and 3); PIA sections 3.1.2 (rule 3) and 3.2.

    Scenario Outline: Decommissioning the only <meter> makes its Meter Point Non-Active
      Given Supplier A has installed and commissioned a <meter>
      And the DCC has sent the <fuel> registration file
      When Supplier A decommissions the <meter>
      And the DCC sends the <fuel> registration file
      Then the <fuel> registration file gives the <meter>'s Meter Point the DCC Service Flag N

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

  @req:MP077-3
  Rule: A Meter Point stays as it is while another smart meter still holds it: decommissioning one of two meters does not make it Non-Active. The readings part where the meter left is installed but not commissioned: the legal text says I, the PIA keeps A.
    Source: 004_8450724e417126b9.txt, PIA 3.1.2 rule 3 (the same Meter Point allocated to more than one smart meter) and 3.2 (InstalledNotCommissioned does not change the DCC Service Status); modification report section 7 (A, N and I).

    Scenario: Two commissioned meters at one Meter Point, one decommissioned: still Active, nothing new to send
      Given Supplier A has installed and commissioned an ESME
      And Supplier A has installed and commissioned a second ESME at the ESME's Meter Point
      And the DCC has sent the electricity registration file
      When Supplier A decommissions the ESME
      And the DCC sends the electricity registration file
      Then the electricity registration file holds no record for the ESME's Meter Point

    @MP077
    Scenario: Both meters decommissioned, one after the other: Non-Active once the second goes
      Given Supplier A has installed and commissioned a GSME
      And Supplier A has installed and commissioned a second GSME at the GSME's Meter Point
      And Supplier A has decommissioned the GSME
      And the DCC has sent the gas registration file
      When Supplier A decommissions the second GSME
      And the DCC sends the gas registration file
      Then the gas registration file gives the second GSME's Meter Point the DCC Service Flag N

    @MP077 @profile:legal-text
    Scenario: The commissioned meter goes, an installed one stays: InstalledNotCommissioned (legal text)
      Given Supplier A has installed and commissioned an ESME
      And Supplier A has pre-notified a second ESME at the ESME's Meter Point and added it to the CH device log
      And the DCC has sent the electricity registration file
      When Supplier A decommissions the ESME
      And the DCC sends the electricity registration file
      Then the electricity registration file gives the ESME's Meter Point the DCC Service Flag I

    @profile:dsp-assessment
    Scenario: The commissioned meter goes, an installed one stays: still Active (PIA)
      Given Supplier A has installed and commissioned an ESME
      And Supplier A has pre-notified a second ESME at the ESME's Meter Point and added it to the CH device log
      And the DCC has sent the electricity registration file
      When Supplier A decommissions the ESME
      And the DCC sends the electricity registration file
      Then the electricity registration file holds no record for the ESME's Meter Point

  @req:MP077-4
  Rule: A Meter Point that has never had a smart meter operated through the DCC has no flag (null), and a Meter Point without a flag is never sent. Under the PIA a meter that is installed but not commissioned leaves it so.
    Source: 004_8450724e417126b9.txt, PIA sections 3.1.2 (rule 1) and 3.2 (null Meter Points are not picked up by the query; only Meter Points Active before can become Not Active).

    @needs:fault-injection
    Scenario Outline: A <meter> that is only whitelisted gives its Meter Point no flag
      Given Supplier A has pre-notified a <meter>
      And the <meter> is not powered
      And Supplier A has added the <meter> to the CH device log
      When the DCC sends the <fuel> registration file
      Then the <fuel> registration file holds no record for the <meter>'s Meter Point

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

    @profile:dsp-assessment
    Scenario: An installed, uncommissioned meter leaves its Meter Point without a flag (PIA)
      Given Supplier A has pre-notified an ESME and added it to the CH device log
      When the DCC sends the electricity registration file
      Then the electricity registration file holds no record for the ESME's Meter Point

    @profile:dsp-assessment
    Scenario: A meter decommissioned before it was ever commissioned: never Active, never sent (PIA)
      Given Supplier A has pre-notified a GSME and added it to the CH device log
      And Supplier A has decommissioned the GSME
      When the DCC sends the gas registration file
      Then the gas registration file holds no record for the GSME's Meter Point

  @req:MP077-5 @MP077 @profile:legal-text
  Rule: Under the legal text, a Meter Point whose smart meter is installed but not commissioned is flagged I (InstalledNotCommissioned), and once its meters are gone N, so installed, active and removed systems can be told apart.
    Source: 004_8450724e417126b9.txt, modification report sections 1, 3 and 7 (A, N and I; "installed but not commissioned"); legal text v0.1, Appendix X 3.28(b)(i) and 3.29(a); business requirements 2.4.

    Scenario Outline: An installed <meter> gives its Meter Point the flag I
      Given Supplier A has pre-notified a <meter> and added it to the CH device log
      When the DCC sends the <fuel> registration file
      Then the <fuel> registration file gives the <meter>'s Meter Point the DCC Service Flag I

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

    Scenario: An installed meter decommissioned before commissioning: I, then N
      Given Supplier A has pre-notified a GSME and added it to the CH device log
      And the DCC has sent the gas registration file
      When Supplier A decommissions the GSME
      And the DCC sends the gas registration file
      Then the gas registration file gives the GSME's Meter Point the DCC Service Flag N

  @req:MP077-6
  Rule: Correcting a meter's Meter Point with 8.4 Update Inventory moves the flag: the Meter Point now linked to a commissioned meter becomes Active, and the one unlinked becomes Non-Active unless another smart meter still holds it.
    Source: 004_8450724e417126b9.txt, PIA section 3.1.2 "DCC Service Status Rules", rule 2 (a Meter Point linked to a Commissioned Smart Meter by SRV 8.4) and rule 3 (unlinked by SRV 8.4, except where still associated with another Smart Meter).

    Scenario: Linking a commissioned meter to another Meter Point makes that one Active
      Given Supplier A has installed and commissioned an ESME
      And the DCC has sent the electricity registration file
      When Supplier A corrects the ESME's Meter Point to a new Meter Point
      And the DCC sends the electricity registration file
      Then the electricity registration file gives the ESME's Meter Point the DCC Service Flag A

    @MP077
    Scenario Outline: The Meter Point the <meter> was unlinked from becomes Non-Active
      Given Supplier A has installed and commissioned a <meter>
      And the DCC has sent the <fuel> registration file
      When Supplier A corrects the <meter>'s Meter Point to a new Meter Point
      And the DCC sends the <fuel> registration file
      Then the <fuel> registration file gives the <meter>'s former Meter Point the DCC Service Flag N
      And the <fuel> registration file gives the <meter>'s Meter Point the DCC Service Flag A

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

    Scenario: Unlinking one of two commissioned meters leaves the Meter Point Active
      Given Supplier A has installed and commissioned an ESME
      And Supplier A has installed and commissioned a second ESME at the ESME's Meter Point
      And the DCC has sent the electricity registration file
      When Supplier A corrects the second ESME's Meter Point to a new Meter Point
      And the DCC sends the electricity registration file
      Then the electricity registration file holds no record for the ESME's Meter Point
      And the electricity registration file gives the second ESME's Meter Point the DCC Service Flag A

    Scenario: A new Meter Point linked to a meter that is not commissioned gets no Active flag
      Given Supplier A has pre-notified an ESME and added it to the CH device log
      And the DCC has sent the electricity registration file
      When Supplier A corrects the ESME's Meter Point to a new Meter Point
      And the DCC sends the electricity registration file
      Then the electricity registration file does not give the ESME's Meter Point the DCC Service Flag A

  @req:MP077-15 @needs:dcc-operations
  Rule: A device status the DCC sets itself, without a Service Request, leaves the Meter Point's flag as it was under both readings: Suspended (a meter's firmware taken off the Certified Products List) and Recovery and Recovered (an SMKI recovery). A commissioned smart meter moved to one of them changes nothing the registration system is sent.
    Source: 004_8450724e417126b9.txt, modification report section 3 "Solution" (Suspended and Recovery/Recovered left out of the N flag) and PIA sections 3.1.2 and 3.2 (Recovery and Recovered do not contribute to the DCC Service Status).

    Scenario Outline: A commissioned <meter> the DCC moves to <status> leaves its Meter Point Active
      Given Supplier A has installed and commissioned a <meter>
      And the DCC has sent the <fuel> registration file
      When the DCC moves the <meter> to the SMI status <status>
      And the DCC sends the <fuel> registration file
      Then the <fuel> registration file holds no record for the <meter>'s Meter Point

      Examples:
        | meter | fuel        | status    |
        | ESME  | electricity | Suspended |
        | GSME  | gas         | Suspended |
        | ESME  | electricity | Recovery  |
        | GSME  | gas         | Recovery  |

    Scenario: A meter through an SMKI recovery, Recovery then Recovered, leaves its Meter Point Active
      Given Supplier A has installed and commissioned a GSME
      And the DCC has sent the gas registration file
      And the DCC has moved the GSME to the SMI status Recovery
      When the DCC moves the GSME to the SMI status Recovered
      And the DCC sends the gas registration file
      Then the gas registration file holds no record for the GSME's Meter Point

    @needs:registration-requests
    Scenario Outline: Asked about the Meter Point of a gas meter the DCC moved to <status>, the DCC still gives A
      Given Supplier A has installed and commissioned a GSME
      And the DCC has moved the GSME to the SMI status <status>
      When the gas Registration Data Provider asks the DCC about the GSME's Meter Point
      Then the DCC accepts the request for the GSME's Meter Point, giving the DCC Service Flag A

      Examples:
        | status    |
        | Suspended |
        | Recovery  |
