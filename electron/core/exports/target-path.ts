import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { invalid } from '../errors';

/** Checks where an export will be saved, with messages a person can act on. */
export async function checkTargetPath(path: string): Promise<string> {
  if (!isAbsolute(path)) {
    throw invalid('path', 'Give the full path of the file, e.g. /home/me/attendees.csv');
  }
  const target = resolve(path);
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => null);
  if (!folderStat?.isDirectory()) throw invalid('path', `The folder ${folder} does not exist`);
  if ((await stat(target).catch(() => null))?.isDirectory()) {
    throw invalid('path', `${target} is a folder; choose a file name`);
  }
  if (
    !(await access(folder, constants.W_OK).then(
      () => true,
      () => false,
    ))
  ) {
    throw invalid('path', `Usher cannot write to the folder ${folder}`);
  }
  return target;
}
