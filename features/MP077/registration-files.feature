@modification:MP077 @needs:registration-files
Feature: MP077 DCC Service Flagging: the registration files

  Source: seed 004_8450724e417126b9.txt, SEC modification MP077 'DCC Service Flagging': legal text
  v0.1 (SEC Appendix X 3.28 and 3.29) and the DCC's Preliminary Impact Assessment (PIA) 3.1.1,
  3.2 and 5.1.

  The DCC tells the registration systems of flag changes in files: for gas the DCC Status File
  (DXI) of E45 records, whose fields the legal text gives; for electricity the D0350 flow, whose
  layout the seed does not give, so the suite uses a record layout of its own (ESF) with the
  fields the seed names: Meter Point, flag, effective date. It is not the Data Transfer
  Catalogue's D0350. Every file a target sends is checked record by record against these
  layouts (schemas/registration-files.ts) before any scenario looks at it.

  The legal text also gives the E46 record, which says whether a request about a Meter Point
  was accepted or rejected. The seed does not say who asks; the suite reads it as the DCC's
  answer to the gas registration system asking for the flag of the Meter Points it names.

  A file carries only the changes not yet notified; once written they are notified. After MP077
  a feature switch per fuel decides whether the new values go out at all; while it is off the
  DCC behaves as before MP077 and keeps the new values until the switch is turned on.

  Background:
    Given Supplier A has installed a Communications Hub with SM WAN

  @req:MP077-7 @needs:clock
  Rule: The gas registration file is a DCC Status File of E45 records, one per update, each with the Transaction Type E45, the Meter Point Reference, the DCC Service Flag and the date the flag is effective from (YYYYMMDD), as the legal text's table gives them.
    Source: 004_8450724e417126b9.txt, legal text v0.1, SEC Appendix X 3.29(a) (DCC Status File, Ref DXI; E45 record).

    Scenario: Commissioning a gas meter sends an E45 record dated the day of the change
      Given it is 1 April 2025 at the DCC
      And Supplier A has pre-notified a GSME and added it to the CH device log
      And Supplier A has commissioned the GSME
      When the DCC sends the gas registration file
      Then the gas registration file's record for the GSME's Meter Point reads:
        | field                           | value    |
        | Transaction Type                | E45      |
        | DCC Service Flag                | A        |
        | DCC Service Effective From Date | 20250401 |

    @MP077
    Scenario: A later change carries the date of that change
      Given it is 1 April 2025 at the DCC
      And Supplier A has installed and commissioned a GSME
      And the DCC has sent the gas registration file
      And it is 2 April 2025 at the DCC
      When Supplier A decommissions the GSME
      And the DCC sends the gas registration file
      Then the gas registration file's record for the GSME's Meter Point reads:
        | field                           | value    |
        | Transaction Type                | E45      |
        | DCC Service Flag                | N        |
        | DCC Service Effective From Date | 20250402 |

  @req:MP077-8 @needs:clock
  Rule: The electricity registration data carries, for each Meter Point (MPAN) whose flag changed, the DCC Service Flag and the date it is effective from. The seed gives these fields but not the D0350 layout, so the suite checks them in its own layout (record type ESF), not the Data Transfer Catalogue's.
    Source: 004_8450724e417126b9.txt, PIA section 3.1.1 (the DCC Service Status goes to MPAS in the D0350 flow) and legal text v0.1 (flag values, effective date); the layout is the suite's own.

    Scenario: Commissioning an electricity meter sends its MPAN, the flag and the date
      Given it is 1 April 2025 at the DCC
      And Supplier A has pre-notified an ESME and added it to the CH device log
      And Supplier A has commissioned the ESME
      When the DCC sends the electricity registration file
      Then the electricity registration file's record for the ESME's Meter Point reads:
        | field                           | value    |
        | Record Type                     | ESF      |
        | DCC Service Flag                | A        |
        | DCC Service Effective From Date | 20250401 |

  @req:MP077-9 @MP077
  Rule: After MP077 the DCC Service Flag takes the values A (Active), N (Non-Active) and I (InstalledNotCommissioned) only; W (Withdrawn) and S (Suspended) are never sent.
    Source: 004_8450724e417126b9.txt, modification report sections 1, 3 and 7; business requirements 2.3 (the W flag removed); legal text v0.1, Appendix X 3.28(b)(i) and 3.29(a).

    Scenario Outline: A meter's whole life sends N at the end, and nothing but A, N and I in the <fuel> file
      Given Supplier A has pre-notified a <meter> and added it to the CH device log
      And the DCC has sent the <fuel> registration file
      And Supplier A has commissioned the <meter>
      And the DCC has sent the <fuel> registration file
      And Supplier A has decommissioned the <meter>
      When the DCC sends the <fuel> registration file
      Then the <fuel> registration file gives the <meter>'s Meter Point the DCC Service Flag N
      And every <fuel> registration file sent in this scenario carries only the DCC Service Flags A, N and I

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

  @req:MP077-10
  Rule: A registration file carries only the flag changes not yet notified, and each change is notified once: a second file carries nothing for a Meter Point already notified.
    Source: 004_8450724e417126b9.txt, PIA section 3.2 "DSP Solution Overview" (a query that returns changes not yet notified to the RDP; recording that a change has been notified).

    Scenario Outline: Sending the <fuel> file twice: the second carries nothing for the <meter>'s Meter Point
      Given Supplier A has installed and commissioned a <meter>
      And the DCC has sent the <fuel> registration file
      When the DCC sends the <fuel> registration file
      Then the <fuel> registration file holds no record for the <meter>'s Meter Point

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

    Scenario: Each fuel's file carries its own Meter Points only
      Given Supplier A has installed and commissioned an ESME
      When the DCC sends the gas registration file
      Then the gas registration file holds no record for the ESME's Meter Point

  @req:MP077-11 @MP077 @needs:feature-switches
  Rule: Each fuel has its own feature switch. While a fuel's switch is off, the DCC keeps the new flag values but sends only A, as before MP077; the other fuel is not affected.
    Source: 004_8450724e417126b9.txt, PIA section 3.2 (two DSP feature switches, one for gas and one for electricity) and section 7.2 "Assumptions" (MP77-AD04).

    Scenario: With the gas switch off, gas keeps its N to itself while electricity sends it
      Given the DCC's gas feature switch for MP077 is off
      And Supplier A has installed and commissioned a GSME
      And Supplier A has installed and commissioned an ESME
      And the DCC has sent the registration files
      When Supplier A decommissions the GSME
      And Supplier A decommissions the ESME
      And the DCC sends the registration files
      Then the gas registration file holds no record for the GSME's Meter Point
      And the electricity registration file gives the ESME's Meter Point the DCC Service Flag N

    Scenario: With the gas switch off, A is still sent, and the N kept meanwhile once the switch is on
      Given the DCC's gas feature switch for MP077 is off
      And Supplier A has pre-notified a GSME and added it to the CH device log
      And Supplier A has commissioned the GSME
      And the DCC has sent the gas registration file, giving the GSME's Meter Point the DCC Service Flag A
      And Supplier A has decommissioned the GSME
      And the DCC has sent the gas registration file, holding no record for the GSME's Meter Point
      When the DCC turns the gas feature switch for MP077 on
      And the DCC sends the gas registration file
      Then the gas registration file gives the GSME's Meter Point the DCC Service Flag N

  @req:MP077-12 @MP077 @needs:feature-switches
  Rule: The first file after a fuel's switch is turned on catches up every change kept while it was off, in one go, like any later change.
    Source: 004_8450724e417126b9.txt, PIA section 5.1 "Implementation Approach" (all Meter Points with DCC Service Status N identified by the first run) and section 7.2 "Assumptions" (MP77-AD01: no batching for the initial catch-up).

    Scenario Outline: Every N kept while the <fuel> switch was off is sent once the switch is on
      Given the DCC's <fuel> feature switch for MP077 is off
      And Supplier A has installed and commissioned a <meter>
      And Supplier A has installed and commissioned a second <meter>
      And the DCC has sent the <fuel> registration file
      And Supplier A has decommissioned the <meter>
      And Supplier A has decommissioned the second <meter>
      And the DCC has sent the <fuel> registration file
      When the DCC turns the <fuel> feature switch for MP077 on
      And the DCC sends the <fuel> registration file
      Then the <fuel> registration file gives the <meter>'s Meter Point the DCC Service Flag N
      And the <fuel> registration file gives the second <meter>'s Meter Point the DCC Service Flag N

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

    Scenario: The catch-up is sent once
      Given the DCC's electricity feature switch for MP077 is off
      And Supplier A has installed and commissioned an ESME
      And Supplier A has decommissioned the ESME
      And the DCC has sent the electricity registration file
      And the DCC has turned the electricity feature switch for MP077 on
      And the DCC has sent the electricity registration file, giving the ESME's Meter Point the DCC Service Flag N
      When the DCC sends the electricity registration file
      Then the electricity registration file holds no record for the ESME's Meter Point

  @req:MP077-13 @before:MP077
  Rule: Before MP077 the DCC tells the registration systems only that a Meter Point has become Active (A); it keeps N to itself and never sends W or S.
    Source: 004_8450724e417126b9.txt, PIA 3.1.1 (the DCC never informs the RDPs of a change after Active; Withdrawn not valid, Suspended never used; N kept in the SMI, not exported) and modification report section 2 (the flag stays A after the meters have gone).

    Scenario Outline: A decommissioned <meter> leaves its Meter Point Active in the registration system
      Given Supplier A has installed and commissioned a <meter>
      And the DCC has sent the <fuel> registration file
      When Supplier A decommissions the <meter>
      And the DCC sends the <fuel> registration file
      Then the <fuel> registration file holds no record for the <meter>'s Meter Point

      Examples:
        | meter | fuel        |
        | ESME  | electricity |
        | GSME  | gas         |

    Scenario: A meter moved to another Meter Point by 8.4 leaves the former one Active in the registration system
      Given Supplier A has installed and commissioned an ESME
      And the DCC has sent the electricity registration file
      When Supplier A corrects the ESME's Meter Point to a new Meter Point
      And the DCC sends the electricity registration file
      Then the electricity registration file holds no record for the ESME's former Meter Point

  @req:MP077-14 @needs:registration-requests
  Rule: Asked by the gas registration system about Meter Points, the DCC answers with one E46 record for each: Outcome Code AC with the DCC Service Flag it holds for that Meter Point and the date the flag took effect, or RJ when it holds no flag it may send for it. Every field is as the legal text's table gives it. The seed names neither the asker nor the request; the suite reads the E46 as the DCC's answer to the gas Registration Data Provider, whose request lists MPRNs.
    Source: 004_8450724e417126b9.txt, legal text v0.1, Appendix X 3.28(b)(i) (the E46 record: Outcome Code AC or RJ, Meter Point Reference, DCC Service Flag, effective date) and PIA section 3.1.1 (the DCC Service Status reaches others only through the registration data flows).

    @needs:clock
    Scenario: Asked about a commissioned gas meter's Meter Point, the DCC accepts and gives A, dated the day it took effect
      Given it is 1 April 2025 at the DCC
      And Supplier A has installed and commissioned a GSME
      And it is 3 April 2025 at the DCC
      When the gas Registration Data Provider asks the DCC about the GSME's Meter Point
      Then the DCC's E46 record for the GSME's Meter Point reads:
        | field                           | value    |
        | Transaction Type                | E46      |
        | Outcome Code                    | AC       |
        | DCC Service Flag                | A        |
        | DCC Service Effective From Date | 20250401 |

    Scenario: A Meter Point no smart meter has been at is rejected; one asked about with it is still answered
      Given Supplier A has installed and commissioned a GSME
      When the gas Registration Data Provider asks the DCC about a Meter Point no smart meter has been at and the GSME's Meter Point
      Then the DCC rejects the request for the Meter Point no smart meter has been at
      And the DCC accepts the request for the GSME's Meter Point, giving the DCC Service Flag A

    @MP077
    Scenario: After the only meter is decommissioned the answer is N, before any registration file has carried it
      Given Supplier A has installed and commissioned a GSME
      And the DCC has sent the gas registration file
      When Supplier A decommissions the GSME
      And the gas Registration Data Provider asks the DCC about the GSME's Meter Point
      Then the DCC accepts the request for the GSME's Meter Point, giving the DCC Service Flag N

    @MP077 @profile:legal-text
    Scenario: An installed, uncommissioned gas meter: accepted with I (legal text)
      Given Supplier A has pre-notified a GSME and added it to the CH device log
      When the gas Registration Data Provider asks the DCC about the GSME's Meter Point
      Then the DCC accepts the request for the GSME's Meter Point, giving the DCC Service Flag I

    @profile:dsp-assessment
    Scenario: An installed, uncommissioned gas meter: rejected, as its Meter Point has no flag yet (PIA)
      Given Supplier A has pre-notified a GSME and added it to the CH device log
      When the gas Registration Data Provider asks the DCC about the GSME's Meter Point
      Then the DCC rejects the request for the GSME's Meter Point
