import type { Incident } from './incident';

/** How far back a declaration looks for the same outage declared by someone else (issue 16). */
export const DUPLICATE_WINDOW_MS = 30 * 60_000;

/**
 * Word overlap (Dice: 2·|A∩B| / (|A|+|B|)) at or above which two titles name the same
 * outage. 0.7 takes "Checkout 500s" / "checkout returning 500s" (0.8) and
 * "Payments API down" / "payments api is down" (1.0), and leaves titles that differ
 * in the word saying what broke: "Checkout failing" / "Checkout slow" (0.5), "Payroll
 * export leaked" / "Ledger export leaked" (0.67). It is only an offer: the declarer can
 * always declare anyway.
 */
export const TITLE_MATCH_THRESHOLD = 0.7;

/** Words that say nothing about what is broken; "not" and "no" stay, they change the meaning. */
const STOP_WORDS = new Set(
  (
    'a an the is are was were be been being am on in at of for to from with by and or it its this that ' +
    'we our us i my some all any very just again still now issue issues problem problems incident'
  ).split(' '),
);

/**
 * The words of a title, compared loosely: case, accents and punctuation are dropped
 * and a plural `s` is cut (`500s` and `500`, `errors` and `error` are one word).
 */
export function titleWords(title: string): Set<string> {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
  return new Set(words);
}

/** 0 (nothing shared) to 1 (the same words); 0 when either title has no words left. */
export function titleSimilarity(a: string, b: string): number {
  const wa = titleWords(a);
  const wb = titleWords(b);
  if (!wa.size || !wb.size) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return (2 * shared) / (wa.size + wb.size);
}

export interface DeclarationSketch {
  title: string;
  category: string | null;
  /** A drill is compared with drills only, a real declaration with real incidents only. */
  drill: boolean;
}

/**
 * Whether an open incident looks like the one being declared. Categories must agree
 * when both are set; when either is missing the title alone decides, since the
 * category is optional and people in a hurry skip it (a storm is when they do).
 * Drills and real incidents never match each other: someone declaring a real outage
 * must not be sent to join a rehearsal, nor a rehearsal pile onto the real thing.
 */
export function matchScore(declaring: DeclarationSketch, incident: Pick<Incident, 'title' | 'category' | 'isDrill'>) {
  if (declaring.drill !== incident.isDrill) return 0;
  if (declaring.category && incident.category && declaring.category !== incident.category) return 0;
  return titleSimilarity(declaring.title, incident.title);
}

/**
 * Of the candidates (open incidents the declarer may see), those declared within the
 * window that closely match, the best match first and, between equals, the newest.
 */
export function similarIncidents<I extends Pick<Incident, 'title' | 'category' | 'isDrill' | 'declaredAt'>>(
  declaring: DeclarationSketch,
  candidates: readonly I[],
  now: Date,
): I[] {
  const since = now.getTime() - DUPLICATE_WINDOW_MS;
  return candidates
    .filter((i) => i.declaredAt.getTime() >= since)
    .map((incident) => ({ incident, score: matchScore(declaring, incident) }))
    .filter((m) => m.score >= TITLE_MATCH_THRESHOLD)
    .sort((a, b) => b.score - a.score || b.incident.declaredAt.getTime() - a.incident.declaredAt.getTime())
    .map((m) => m.incident);
}
