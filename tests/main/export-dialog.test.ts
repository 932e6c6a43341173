import { beforeEach, describe, expect, it } from 'vitest';
import { dialog, resetFakeElectron } from '../support/fake-electron';

// The test plays the person choosing (or not choosing) a file in the fake save dialog.
const { showSaveDialog } = dialog;
import { chooseExportPath } from '../../electron/main/export-dialog';

beforeEach(resetFakeElectron);

describe('export save dialog', () => {
  it('replaces whatever path the renderer sent with the one the person chose', async () => {
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/home/ada/Desktop/gala.xlsx' });
    const result = await chooseExportPath(
      null,
      { eventId: 'e1', format: 'xlsx', path: '/etc/passwd' },
      '/home/ada/Downloads',
    );
    expect(result).toEqual({
      input: { eventId: 'e1', format: 'xlsx', path: '/home/ada/Desktop/gala.xlsx' },
    });
    expect(showSaveDialog.mock.calls[0]![0]).toMatchObject({
      defaultPath: '/home/ada/Downloads/attendees.xlsx',
      filters: [{ extensions: ['xlsx'] }],
    });
  });

  it('treats a closed dialog as a cancelled export', async () => {
    showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await chooseExportPath(null, { format: 'csv' }, '/tmp')).toEqual({
      answer: { ok: true, value: { status: 'cancelled', rowsDone: 0 } },
    });
  });
});
