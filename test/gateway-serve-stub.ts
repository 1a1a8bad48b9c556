// `serve` around the stub SMI, run as a child process by gateway-serve.test.ts so the signal
// handling can be tested without the real reference. Says on stderr when the SMI is closed.
import { runServe } from '../src/cli/serve-command.ts';
import { DEFAULT_MAX_BYTES } from '../src/validation/validator.ts';
import { stubSmi } from './gateway-stub.ts';

await runServe({ port: 0, host: '127.0.0.1', maxBytes: DEFAULT_MAX_BYTES, control: true }, (o) => {
  const smi = stubSmi(o.deliver ? { deliver: o.deliver } : {});
  return {
    ...smi,
    close: () => {
      process.stderr.write('stub reference closed\n');
    },
  };
});
process.stderr.write('runServe returned\n');
