// The parts of Cucumber's message protocol (https://github.com/cucumber/messages) the conformance
// report reads, declared structurally so the report depends on the protocol, not on a package
// version's classes. Statuses are plain strings here.

export interface Timestamp {
  seconds: number;
  nanos: number;
}

export interface Location {
  line: number;
  column?: number;
}

export interface Tag {
  name: string;
  id: string;
  location?: Location;
}

export interface GherkinStep {
  id: string;
  keyword: string;
  text: string;
  location: Location;
}

export interface Scenario {
  id: string;
  keyword: string;
  name: string;
  description: string;
  tags: readonly Tag[];
  location: Location;
  steps: readonly GherkinStep[];
}

export interface Background {
  id: string;
  steps?: readonly GherkinStep[];
}

export interface Rule {
  id: string;
  keyword: string;
  name: string;
  description: string;
  tags: readonly Tag[];
  location: Location;
  children: readonly { scenario?: Scenario; background?: Background }[];
}

export interface Feature {
  keyword: string;
  name: string;
  description: string;
  tags: readonly Tag[];
  location: Location;
  children: readonly { scenario?: Scenario; rule?: Rule; background?: Background }[];
}

export interface GherkinDocument {
  uri?: string;
  feature?: Feature;
}

export interface PickleStep {
  id: string;
  text: string;
  astNodeIds: readonly string[];
}

export interface Pickle {
  id: string;
  uri: string;
  name: string;
  location?: Location;
  steps: readonly PickleStep[];
  tags: readonly { name: string; astNodeId: string }[];
  astNodeIds: readonly string[];
}

export interface TestStep {
  id: string;
  hookId?: string;
  pickleStepId?: string;
}

export interface TestCase {
  id: string;
  pickleId: string;
  testSteps: readonly TestStep[];
}

export interface Exception {
  type: string;
  message?: string;
  stackTrace?: string;
}

export interface TestStepResult {
  status: string;
  message?: string;
  exception?: Exception;
  duration?: { seconds: number; nanos: number };
}

export interface Hook {
  id: string;
  name?: string;
  tagExpression?: string;
  type?: string;
  sourceReference?: { uri?: string; location?: Location };
}

export interface Attachment {
  body: string;
  contentEncoding?: string;
  mediaType: string;
  fileName?: string;
  testCaseStartedId?: string;
  testStepId?: string;
}

export interface Envelope {
  meta?: { protocolVersion?: string; implementation?: { name: string; version?: string }; runtime?: { name: string; version?: string } };
  gherkinDocument?: GherkinDocument;
  pickle?: Pickle;
  hook?: Hook;
  testCase?: TestCase;
  testCaseStarted?: { id: string; testCaseId: string; attempt: number; timestamp: Timestamp };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean; timestamp: Timestamp };
  testStepFinished?: { testCaseStartedId: string; testStepId: string; testStepResult: TestStepResult };
  attachment?: Attachment;
  parseError?: { source: { uri?: string; location?: Location }; message: string };
  undefinedParameterType?: { expression: string; name: string };
  testRunStarted?: { timestamp: Timestamp };
  testRunFinished?: { success: boolean; message?: string; exception?: Exception; timestamp: Timestamp };
  testRunHookStarted?: { id: string; hookId: string };
  testRunHookFinished?: { testRunHookStartedId: string; result: TestStepResult };
}

export function toMillis(t: Timestamp): number {
  return t.seconds * 1000 + Math.floor(t.nanos / 1e6);
}
