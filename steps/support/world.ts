// Registers the ConformanceWorld with cucumber. Step files import the World's types from here.
import { setWorldConstructor } from '@cucumber/cucumber';
import { ConformanceWorld } from './conformance-world.ts';

export * from './conformance-world.ts';

setWorldConstructor(ConformanceWorld);
