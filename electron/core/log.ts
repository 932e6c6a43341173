export interface Logger {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

/** One JSON line per entry on stderr, so stdout stays clean for the CLI's envelopes. */
export const consoleLogger: Logger = {
  info: (message, detail) => write('info', message, detail),
  warn: (message, detail) => write('warn', message, detail),
  error: (message, detail) => write('error', message, detail),
};

function write(level: string, message: string, detail?: Record<string, unknown>) {
  process.stderr.write(
    JSON.stringify({ at: new Date().toISOString(), level, message, ...detail }) + '\n',
  );
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
