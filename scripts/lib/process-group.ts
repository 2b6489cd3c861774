import { spawnSync } from 'node:child_process';

/**
 * The processes of a process group (a detached child, e.g. `npm start`, and everything it spawned,
 * which joins its group), this process left out.
 */
export function processesInGroup(group: number): Array<{ pid: number; command: string }> {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, pgid]) => Number(pgid) === group && Number(pid) !== process.pid)
    .map((fields) => ({ pid: Number(fields[0]), command: fields.slice(2).join(' ') }));
}
