/**
 * Reference for the floor of our intake: the raw-insert server's work plus classifying the text,
 * and nothing else — no database, no authentication, no deduplication. Intake can be no faster
 * than this while it classifies before it answers.
 */
import { classify } from '../../src/classification/classifier';
import { servePosts } from './serve';

classify('热身'); // loads the dictionaries, so that no measured request pays for it
servePosts((body: { text: string }) => {
  const c = classify(body.text);
  return { category: c.category, kind: c.kind, districtCode: c.districtCode ?? null };
});
