import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { createdWindows, FakeBrowserWindow, resetFakeElectron } from '../support/fake-electron';
import { printBadgePdf, printWindowOptions } from '../../electron/main/print-badge';

beforeEach(resetFakeElectron);

const badge = { attendeeName: 'Wanda Walk-in', pdf: Buffer.from('%PDF-1.7 a badge') };

describe('printing a badge the station rendered', () => {
  it('shows the system print dialog for the PDF in a hidden, sandboxed window, then cleans up', async () => {
    await printBadgePdf(badge);
    const window = createdWindows[0]!;
    expect(window.options).toMatchObject({
      show: false,
      title: 'Wanda Walk-in',
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(printWindowOptions.webPreferences).not.toHaveProperty('preload');
    expect(window.loaded).toMatch(/^file:\/\/.*badge\.pdf$/);
    expect(window.printed).toEqual([{ silent: false, printBackground: true }]);
    expect(window.destroyed).toBe(true);
    // The PDF lived only as long as the print.
    expect(existsSync(fileURLToPath(window.loaded!))).toBe(false);
  });

  it('takes a closed dialog as the staff’s choice, and reports a failed print', async () => {
    FakeBrowserWindow.printAnswer = [false, 'Print job canceled'];
    await printBadgePdf(badge);
    FakeBrowserWindow.printAnswer = [false, 'Print job failed'];
    await expect(printBadgePdf(badge)).rejects.toThrow('Print job failed');
    expect(createdWindows[1]!.destroyed).toBe(true);
  });
});
