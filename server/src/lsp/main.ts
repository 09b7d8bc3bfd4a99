/** Entry of the bundled server (dist/server.js), started by the VS Code client over node IPC. */
import { startServer } from './server';

startServer();
