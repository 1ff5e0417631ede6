// Child process for the permission test: connects a DeviceLink to the port in argv[2] and prints the result as JSON.
import { DeviceLink } from '../../core/device/link.ts';

const link = new DeviceLink({}, { handshakeMs: 1000 });
const r = await link.connect('serial:' + (process.argv[2] ?? ''));
process.stdout.write(JSON.stringify({ uid: process.getuid?.(), result: r }) + '\n');
await link.disconnect();
process.exit(0);
