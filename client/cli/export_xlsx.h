/* What the XLSX writer's sheets share (export_xlsx.c, export_stats.c). */
#ifndef THD_CLI_EXPORT_XLSX_H
#define THD_CLI_EXPORT_XLSX_H

#include <xlsxwriter.h>

#include "export.h"

/* The "Statistics" sheet: the tables of stats_view over d's records,
 * each under its title, counts as numbers. 0, or -1 on ENOMEM. */
int export_stats_sheet(lxw_worksheet *ws, lxw_format *bold, lxw_format *header,
                       const export_data_t *d);

#endif
