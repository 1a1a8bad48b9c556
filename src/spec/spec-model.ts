// Reads feature files into what check-spec needs: each Feature (modification), its Rules
// (requirements, with @req IDs and Source lines), the scenarios under each Rule and those outside
// any Rule, and every tag written anywhere. Parsed with Cucumber's own Gherkin parser, and
// scenarios compiled to pickles (outline parameters filled in) exactly as a run would see them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Feature, type GherkinDocument, type Pickle, type Rule, type Scenario, type Tag } from '@cucumber/messages';
import { modificationId, splitSource } from '../report/model.ts';

export const REQ_TAG = '@req:';

export interface TagUse {
  name: string;
  line: number;
  /** What carries the tag. */
  on: 'feature' | 'rule' | 'scenario' | 'examples';
}

export interface SpecScenario {
  name: string;
  keyword: string;
  line: number;
  /** Tags written on the scenario itself (not inherited). */
  tags: string[];
  /** One per example row (one for a plain scenario): names and step texts with parameters filled in. */
  pickles: Pickle[];
  /** The scenario as parsed (steps, Examples tables). */
  ast: Scenario;
}

export interface SpecRequirement {
  /** The single @req ID, or null when the Rule has none (or several; see reqTags). */
  id: string | null;
  /** Every @req: tag on the Rule, as written. */
  reqTags: string[];
  title: string;
  /** Description without the Source line(s). */
  text: string;
  /** The Source line(s) joined, as written; undefined when there is none. */
  source?: string;
  tags: string[];
  line: number;
  scenarios: SpecScenario[];
  /** The Rule as parsed (its Background, for terms). */
  ast: Rule;
}

export interface SpecFeature {
  /** Path relative to the working directory, for messages. */
  uri: string;
  modification: string;
  name: string;
  tags: string[];
  requirements: SpecRequirement[];
  /** Scenarios directly under the Feature, outside any Rule. */
  orphans: SpecScenario[];
  /** Every tag in the file with where it sits. */
  tagUses: TagUse[];
  /** Line of every step (scenarios and Backgrounds) by its AST ID. */
  stepLines: Map<string, number>;
  ast: Feature;
}

export interface ParseFailure {
  uri: string;
  message: string;
}

export interface SpecModel {
  features: SpecFeature[];
  parseErrors: ParseFailure[];
}

export class SpecPathError extends Error {}

/** Every *.feature under the given files or folders (sorted, each once). */
export function findFeatureFiles(paths: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (p: string): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new SpecPathError(`no such feature file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const child = join(p, name);
        if (statSync(child).isDirectory() || name.endsWith('.feature')) walk(child);
      }
    } else {
      out.add(resolve(p));
    }
  };
  for (const p of paths) walk(p);
  return [...out].sort();
}

/** Parse feature files; a file that does not parse is recorded, not thrown. */
export function loadSpec(paths: readonly string[], cwd: string = process.cwd()): SpecModel {
  const features: SpecFeature[] = [];
  const parseErrors: ParseFailure[] = [];
  for (const file of findFeatureFiles(paths)) {
    const uri = relative(cwd, file) || file;
    try {
      const f = parseFeature(readFileSync(file, 'utf8'), uri);
      if (f) features.push(f);
    } catch (e) {
      parseErrors.push({ uri, message: (e as Error).message.replace(/\s+/g, ' ').trim() });
    }
  }
  return { features, parseErrors };
}

/** Parse one feature file's text; undefined for a file with no Feature. Throws on a syntax error. */
export function parseFeature(text: string, uri: string): SpecFeature | undefined {
  const newId = IdGenerator.incrementing();
  const parsed = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text);
  const doc: GherkinDocument = { ...parsed, uri };
  const feature = doc.feature;
  if (!feature) return undefined;
  const pickles = compile(doc, uri, newId);
  // a pickle's first AST node is its scenario
  const picklesOf = (s: Scenario): Pickle[] => pickles.filter((p) => p.astNodeIds[0] === s.id);
  const scenarioOf = (s: Scenario): SpecScenario => ({
    name: s.name,
    keyword: s.keyword,
    line: s.location.line,
    tags: names(s.tags),
    pickles: picklesOf(s),
    ast: s,
  });

  const tagUses: TagUse[] = [];
  const use = (tags: readonly Tag[], on: TagUse['on']): void => {
    for (const t of tags) tagUses.push({ name: t.name, line: t.location.line, on });
  };
  const useScenario = (s: Scenario): void => {
    use(s.tags, 'scenario');
    for (const ex of s.examples) use(ex.tags, 'examples');
  };
  use(feature.tags, 'feature');

  const requirements: SpecRequirement[] = [];
  const orphans: SpecScenario[] = [];
  for (const child of feature.children) {
    if (child.scenario) {
      orphans.push(scenarioOf(child.scenario));
      useScenario(child.scenario);
    }
    if (child.rule) {
      const rule = child.rule;
      use(rule.tags, 'rule');
      const tags = names(rule.tags);
      const reqTags = tags.filter((t) => t.startsWith(REQ_TAG));
      const { text, source } = splitSource(dedent(rule.description));
      const scenarios: SpecScenario[] = [];
      for (const rc of rule.children) {
        if (rc.scenario) {
          scenarios.push(scenarioOf(rc.scenario));
          useScenario(rc.scenario);
        }
      }
      requirements.push({
        id: reqTags.length === 1 ? reqTags[0]!.slice(REQ_TAG.length) || null : null,
        reqTags,
        title: rule.name,
        text,
        ...(source ? { source } : {}),
        tags,
        line: rule.location.line,
        scenarios,
        ast: rule,
      });
    }
  }
  const stepLines = new Map<string, number>();
  const addSteps = (steps: readonly { id: string; location: { line: number } }[] | undefined): void => {
    for (const st of steps ?? []) stepLines.set(st.id, st.location.line);
  };
  for (const child of feature.children) {
    addSteps(child.background?.steps);
    addSteps(child.scenario?.steps);
    for (const rc of child.rule?.children ?? []) {
      addSteps(rc.background?.steps);
      addSteps(rc.scenario?.steps);
    }
  }
  return {
    uri,
    modification: modificationId(uri, feature),
    name: feature.name,
    tags: names(feature.tags),
    requirements,
    orphans,
    tagUses,
    stepLines,
    ast: feature,
  };
}

function names(tags: readonly Tag[]): string[] {
  return tags.map((t) => t.name);
}

function dedent(text: string): string {
  const lines = (text ?? '').replace(/\r\n?/g, '\n').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut).trimEnd()).join('\n').trim();
}

/** Every requirement with its feature, in file order. */
export function allRequirements(model: SpecModel): { feature: SpecFeature; requirement: SpecRequirement }[] {
  return model.features.flatMap((feature) => feature.requirements.map((requirement) => ({ feature, requirement })));
}
