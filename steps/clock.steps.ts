// The DCC's notion of now, for checks that turn on it (an install date-time in the future, say).
import { Given } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world.ts';

Given("the DCC's clock reads {word}", async function (this: ConformanceWorld, when: string) {
  const at = new Date(when);
  if (Number.isNaN(at.getTime())) throw new Error(`"${when}" is not a date-time such as 2025-03-01T10:00:00Z`);
  await this.setClock(at);
});
