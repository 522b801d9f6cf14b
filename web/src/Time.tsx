// A <time> element: what the person reads (relative or date and time) in the
// text, the exact moment with its time zone in the tooltip, ISO for machines.
import { formatDateTime, formatFull, timeAgo } from './format.js';

export function Time({ iso, relative = false }: { iso: string; relative?: boolean }) {
  return (
    <time dateTime={iso} title={formatFull(iso)}>
      {relative ? timeAgo(iso) : formatDateTime(iso)}
    </time>
  );
}
