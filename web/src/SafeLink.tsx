// A URL that came from outside (a secret-scanning report): a link only when it is
// http(s), so a `javascript:` or `data:` URL is shown as text and never followed;
// it opens in a new tab without handing this page to it.
export function SafeLink({ url }: { url: string }) {
  let safe = false;
  try {
    safe = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    safe = false;
  }
  if (!safe) return <code className="found-url">{url}</code>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="found-url">
      {url}
    </a>
  );
}
