// Annotates evaluation records (dev.jsonl format) in input order, keeping each author's history for repeats.
import type { AbuseCode, AuthorityCode, Importance, LocationCode, TopicCode } from '@cur/shared/contracts/index';
import type { ClassifierConfig } from '../config';
import { classifyPostDetailed } from './classify';
import { createMemoryHistory } from './steps/find-repeat';

export interface EvalRecord {
  id: string;
  source?: string;
  kind?: string;
  author_id?: string;
  published_at?: string;
  text: string;
  labels?: Partial<AnnotationLabels>;
}

export interface AnnotationLabels {
  topic: TopicCode;
  location: LocationCode;
  importance: Importance;
  abuse: AbuseCode;
  needs_response: boolean;
  authorities: AuthorityCode[];
}

export interface AnnotationLine extends AnnotationLabels {
  id: string;
}

/** A stateful annotator: call it once per record, in input order. */
export function createAnnotator(config: ClassifierConfig): (record: EvalRecord) => AnnotationLine {
  const history = createMemoryHistory(config.repeatWindowDays, config.maxHistoryPerAuthor);
  return (record) => {
    const uid = record.id;
    const authorId = record.author_id ?? '';
    const publishedAt = record.published_at ?? '1970-01-01T00:00:00Z';
    const { classification: c, stems } = classifyPostDetailed({ uid, text: record.text, authorId, publishedAt }, { history, config });
    if (authorId) history.add({ uid, authorId, publishedAtMs: Date.parse(publishedAt), topic: c.topic, stems });
    return {
      id: record.id,
      topic: c.topic,
      location: c.location,
      importance: c.importance,
      abuse: c.abuse,
      needs_response: c.needsResponse,
      authorities: c.authorities,
    };
  };
}
