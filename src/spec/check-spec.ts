// check-spec end to end: read the features, lint their traceability, cross-check the DUIS names
// they use against each DUIS release, and build the behaviour matrix from run reports. Input
// problems (a missing path, an unreadable deviations list, a file that is not a run report)
// throw SpecInputError, which the CLI reports as bad usage.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { bundledSchemaDir } from '../../schemas/bundled.ts';
import { locateSchemaSet, SchemaLocateError } from '../../schemas/locate.ts';
import { KnownDeviationsError, loadKnownDeviations } from '../runner/known-deviations.ts';
import { buildMatrix, type BehaviourMatrix, type RunReport } from './behaviour-matrix.ts';
import { lint, type DeviationList, type LintResult } from './lint.ts';
import { NON_XSD_TERMS, type NonXsdTerm } from './non-xsd-terms.ts';
import { checkSchemas, vocabularyOf, type SchemaCheckResult } from './schema-check.ts';
import { allRequirements, loadSpec, SpecPathError } from './spec-model.ts';
import { extractTerms } from './terms.ts';
import { duisVersionTypes, type DuisVersionTypes } from './xsd-enumerations.ts';

export const SPEC_CHECK_FORMAT = 'sec-conformance-spec-check/1';
export const RUN_REPORT_FORMAT = 'sec-conformance-report/1';

export class SpecInputError extends Error {}

export interface CheckSpecOptions {
  /** Feature files or folders. */
  features: string[];
  /** Seed folder to look citations up in. */
  sources?: string;
  /** Further DUIS releases to check, besides the bundled V5.1. */
  schemaDirs?: string[];
  knownDeviations?: string[];
  /** conformance.json files of runs. */
  runs?: string[];
  cwd?: string;
  now?: Date;
}

export interface RequirementSummary {
  id: string | null;
  title: string;
  modification: string;
  uri: string;
  line: number;
  text: string;
  source?: string;
  tags: string[];
  scenarios: number;
}

export interface SpecCheckResult {
  format: typeof SPEC_CHECK_FORMAT;
  generatedAt: string;
  /** Feature files read. */
  featureFiles: string[];
  requirements: RequirementSummary[];
  lint: LintResult;
  schema: SchemaCheckResult;
  /** Values defined outside the XSD that the schema check knows (with their seed sources). */
  nonXsdTerms: readonly NonXsdTerm[];
  /** Present when run reports were given. */
  matrix?: BehaviourMatrix;
  runs: string[];
  knownDeviations: string[];
  defects: { lint: number; schema: number };
  /** No lint or schema defect. */
  ok: boolean;
}

export async function checkSpec(o: CheckSpecOptions): Promise<SpecCheckResult> {
  const cwd = o.cwd ?? process.cwd();
  const rel = (p: string): string => relative(cwd, p) || p;
  let model;
  try {
    model = loadSpec(o.features, cwd);
  } catch (e) {
    if (e instanceof SpecPathError) throw new SpecInputError(e.message);
    throw e;
  }

  const deviations: DeviationList[] = (o.knownDeviations ?? []).map((path) => {
    try {
      return { uri: rel(path), deviations: loadKnownDeviations(path) };
    } catch (e) {
      if (e instanceof KnownDeviationsError) throw new SpecInputError(e.message);
      throw e;
    }
  });
  const runs: RunReport[] = (o.runs ?? []).map((path) => ({ uri: rel(path), report: readRunReport(path) }));

  const lintResult = lint({
    model,
    ...(o.sources ? { sources: o.sources } : {}),
    deviations,
    runs: runs.map((r) => ({ uri: r.uri, ids: r.report.modifications.flatMap((m) => m.requirements.map((q) => q.id).filter((id): id is string => !!id)) })),
  });

  const versions = await schemaVersions(o.schemaDirs ?? []);
  const uses = extractTerms(model, vocabularyOf(versions));
  const schema = checkSchemas(uses, versions);

  const specTags = new Map<string, string[]>();
  for (const { feature, requirement } of allRequirements(model)) if (requirement.id) specTags.set(requirement.id, [...feature.tags, ...requirement.tags]);

  const lintDefects = lintResult.defects.length;
  const schemaDefects = schema.versions.reduce((n, v) => n + v.defects.length, 0);
  return {
    format: SPEC_CHECK_FORMAT,
    generatedAt: (o.now ?? new Date()).toISOString(),
    featureFiles: model.features.map((f) => f.uri).concat(model.parseErrors.map((e) => e.uri)).sort(),
    requirements: allRequirements(model).map(({ feature, requirement: r }) => ({
      id: r.id,
      title: r.title,
      modification: feature.modification,
      uri: feature.uri,
      line: r.line,
      text: r.text,
      ...(r.source ? { source: r.source } : {}),
      tags: r.tags,
      scenarios: r.scenarios.reduce((n, s) => n + Math.max(1, s.pickles.length), 0),
    })),
    lint: lintResult,
    schema,
    nonXsdTerms: NON_XSD_TERMS,
    ...(runs.length ? { matrix: buildMatrix(runs, specTags) } : {}),
    runs: runs.map((r) => r.uri),
    knownDeviations: deviations.map((d) => d.uri),
    defects: { lint: lintDefects, schema: schemaDefects },
    ok: lintDefects === 0 && schemaDefects === 0,
  };
}

/** The bundled DUIS V5.1 first, then each folder given. */
async function schemaVersions(dirs: readonly string[]): Promise<DuisVersionTypes[]> {
  const bundled = await locateSchemaSet(await bundledSchemaDir());
  const out = [duisVersionTypes(bundled, 'DUIS V5.1 (bundled, @smartdcc/duis-sign-wrap)')];
  for (const dir of dirs) {
    try {
      out.push(duisVersionTypes(await locateSchemaSet(dir)));
    } catch (e) {
      if (e instanceof SchemaLocateError) throw new SpecInputError(`--schema-dir: ${e.message}`);
      throw e;
    }
  }
  return out;
}

function readRunReport(path: string): RunReport['report'] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SpecInputError(`cannot read run report ${path}: ${(e as Error).message}`);
  }
  const d = data as { format?: unknown; modifications?: unknown };
  if (typeof data !== 'object' || data === null || d.format !== RUN_REPORT_FORMAT || !Array.isArray(d.modifications)) {
    throw new SpecInputError(`${path} is not a conformance report (expected "format": "${RUN_REPORT_FORMAT}", as in a run's conformance.json)`);
  }
  return data as RunReport['report'];
}
