// Imported by cucumber.mjs to learn whether TypeScript files load in this process (tsx active).
// Keep it free of side effects and imports.
export const typeScriptLoads: boolean = true;
