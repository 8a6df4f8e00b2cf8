// Indicator rows as the server reports them, from their counts: shared by the leader screens' tests.
import type { OnTimeIndicator, SatisfactionIndicator } from '../../mini-app/src/api/types';

/** An on-time row (3.x): the rate counts only the finished items. */
export const onTime = (code: OnTimeIndicator['code'], onTimeN: number, late: number, pending: number): OnTimeIndicator => ({
  code,
  channels: [],
  total: onTimeN + late + pending,
  onTime: onTimeN,
  late,
  pending,
  rate: onTimeN + late ? onTimeN / (onTimeN + late) : null,
});

/** A satisfaction row (4.x). */
export const satisfaction = (code: SatisfactionIndicator['code'], responses: number, satisfied: number, mean: number | null): SatisfactionIndicator => ({
  code,
  channels: [],
  total: responses,
  responses,
  satisfied,
  rate: responses ? satisfied / responses : null,
  mean,
  rate766: null,
});
