// Earlier honours against the proposal: an honour of the form proposed
// whose year lies in the achievement period is flagged to the office (a
// warning, never a refusal). The same rule as thd_nominee_honour_overlaps
// in common/rules.c, which the CLI's dossier uses.
export function overlaps(n, h) {
  const from = n.period_from || 0, to = n.period_to || 0;
  return !!from && !!n.honour_form && h.year >= from && h.year <= to && h.form === n.honour_form;
}
export const overlapping = (n) => (n.earlier_honours || []).filter((h) => overlaps(n, h));
// An earlier honour as a list shows it: year, form, decision number. A year
// the record lacks (JSON leaves a 0 out) shows as "—", never as a year 0.
export const honourText = (h) => [h.year || "—", h.form, h.decision_number].filter(Boolean).join(", ");
