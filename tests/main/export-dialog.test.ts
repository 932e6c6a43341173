import { beforeEach, describe, expect, it, vi } from 'vitest';

// A fake `electron` dialog: the test plays the person choosing (or not choosing) a file.
const showSaveDialog = vi.fn();
vi.mock('electron', () => ({ dialog: { showSaveDialog } }));
const { chooseExportPath } = await import('../../electron/main/export-dialog');

beforeEach(() => showSaveDialog.mockReset());

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
