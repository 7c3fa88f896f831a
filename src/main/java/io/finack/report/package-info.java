/**
 * What a run prints and keeps: the terminal summary ({@link io.finack.report.TextReport}), the
 * JSON document ({@link io.finack.report.JsonReport}, with a schema number), and distributions
 * of repeated runs ({@link io.finack.report.Aggregate}); and what {@code finack analyze} prints
 * about capture files ({@link io.finack.report.AnalysisReport}); the table {@code finack merge}
 * makes of many reports ({@link io.finack.report.MergeReport}); the race's report ({@link
 * io.finack.report.RaceReport}) with hit rates and their exact 95 % bounds ({@link
 * io.finack.report.HitRate}); what the reconnect loop prints and keeps ({@link
 * io.finack.report.LoopReport}); and the self-contained HTML pages of a run
 * ({@link io.finack.report.HtmlReport}) and of {@code analyze} ({@link io.finack.report.AnalysisHtml}):
 * Mustache templates with ECharts inlined ({@link io.finack.report.HtmlPage}), ladders from
 * {@link io.finack.ladder}, histograms binned by {@link io.finack.report.Histogram}.
 */
package io.finack.report;
