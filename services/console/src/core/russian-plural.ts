// Russian plural forms: 1 сообщение, 2 сообщения, 5 сообщений.
export function plural(n: number, one: string, few: string, many: string): string {
  const abs = Math.abs(Math.trunc(n));
  const mod100 = abs % 100;
  const mod10 = abs % 10;
  if (mod100 >= 11 && mod100 <= 14) return many;
  if (mod10 === 1) return one;
  if (mod10 >= 2 && mod10 <= 4) return few;
  return many;
}

/** "1,5" rather than "1.5": Russian decimal comma. */
export const formatRu = (x: number, digits = 1): string => x.toFixed(digits).replace('.', ',');
