"""The questionnaire forms' own words (the workbook's and the blank YAML's), by language code."""

from __future__ import annotations

# The workbook's own words (not knowledge text, which comes from the Sector), by language code.
WORDS: dict[str, dict[str, str]] = {"en": {
    "proposal_title": "Proposal for case {id}: {title}",
    "proposal_intro": "Name the measures by id or title (a shortened title is recognised). Hand it in alone, or "
                      "as the `proposal:` section of your questionnaire. Graded by: cpassess grade {id} <this file>",
    "proposal_trainee": "your name",
    "proposal_measures": "Cleaner Production measures, the most important first, one per line:",
    "proposal_eop": "end-of-pipe treatment still needed after CP, by id or title; [] for none",
    "proposal_cp_list": "Cleaner Production measures of the {sector} catalogue:",
    "proposal_eop_list": "End-of-pipe treatment of the {sector} catalogue:",
    "yaml_intro": "Answer what you can; leave the rest empty or write ? (both mean 'not known yet'). "
                  "Quantities may carry a unit (\"12 m3/day\", \"450 L/day\"); a bare number means the unit "
                  "given for the question. A range (\"10-11 h/day\") counts as its middle; \"35 kg/batch\" or "
                  "\"9000 kWh/month\" are converted with the plant's batches a day or production days. Say how "
                  "an answer was found: {value: 12, basis: estimated, note: from the pump's hours}; `notes:` in "
                  "any section takes remarks. Check it with: cpassess validate <this file>",
    "yaml_section_only_if": "Only if {condition}; otherwise leave the section out.",
    "yaml_quotes": "quotes: local investment quotes, in the plant's currency, by measure id (the report's annex "
                   "lists each measure's id): they turn cost classes into simple paybacks. For example:",
    "yaml_actions": "actions: at a later visit, what the plant decided on a measure, by measure id (the report's "
                    "annex lists them): owner, target_date, status (planned, in_progress, done, dropped or "
                    "rejected), date, reason, realised_saving a year and realised_investment; they fill the "
                    "action plan's Owner, Target date and Status columns. For example:",
    "yaml_previous": "previous_visit: the file of the plant's earlier visit, relative to this one: the report then "
                     "shows what became of the measures recommended then. For example:",
    "text_answer": "Text.",
    "date_answer": "A date, YYYY-MM-DD.",
    "in_unit": "In {unit}.",
    "plant": "Plant",
    "quotes": "Quotes",
    "title": "cpassess questionnaire: {sector}",
    "question": "Question",
    "measure": "Measure",
    "answer": "Answer",
    "unit": "Unit",
    "basis": "Measured or estimated",
    "note": "Note",
    "help": "Help",
    "yes": "yes",
    "no": "no",
    "measured": "measured",
    "estimated": "estimated",
    "plant_currency": "plant currency",
    "required": "(required)",
    "intro": "Answer what you can; leave the rest empty or write ? (both mean 'not known yet'). "
             "A number is in the unit of its row; a number with its unit (\"450 L/day\"), a range "
             "(\"10-11\") or another unit in the Unit column is read too. Say how a figure was found "
             "in 'Measured or estimated' and add a note where it helps. Check the workbook with: "
             "cpassess validate <this file>",
    "sector": "Sector of this questionnaire (keep as it is: the sheets are this sector's)",
    "plant_notes": "Notes on the plant and the visit",
    "notes": "Notes on this sheet",
    "only_if": "Only if {condition}; otherwise leave this sheet empty.",
    "field_only_if": "Only if {condition}.",
    "is_one_of": "is one of",
    "is_none_of": "is none of",
    "and": "and",
    "or": "or",
    "quotes_title": "Local investment quotes",
    "quotes_intro": "The plant's own quotes for a measure's investment, in the plant's currency: they turn "
                    "the cost classes of the report into simple paybacks. Leave a measure empty if there "
                    "is no quote.",
    "choices": "Answers: {choices}.",
    "number": "A number.",
    "number_between": "A number from {low} to {high}.",
    "number_at_least": "A number, at least {low}.",
    "number_at_most": "A number, at most {high}.",
    "integer": "A whole number.",
    "integer_between": "A whole number from {low} to {high}.",
    "integer_at_least": "A whole number, at least {low}.",
    "integer_at_most": "A whole number, at most {high}.",
    "number_error_title": "Check the answer",
    "number_error": "{expect} Keep what you wrote only for a number with its unit (450 L/day), a "
                    "range (10-11) or ? for not known.",
    "choice_error_title": "Not in the list",
    "choice_error": "Choose an answer from the list, or write ? if it is not known.",
    "previous_visit": "File of the plant's earlier visit, relative to this workbook",
    "previous_visit_help": "E.g. visit-2025.xlsx or visit-2025.yaml (in the same folder as this workbook): the "
                           "report then shows what became of the measures recommended then. Leave it empty at "
                           "a first visit.",
    "actions": "Actions",
    "actions_title": "Follow-up visit: what became of each measure",
    "actions_intro": "For a follow-up visit: what the plant decided on each measure since the earlier visit (named "
                     "on the first sheet), when and by whom, and what it saved and cost. A measure rejected with "
                     "a reason is not recommended again unless the facts behind it have changed. Dates as "
                     "2026-05-01. Leave this sheet empty at a first visit.",
    "action_status": "Status",
    "action_date": "Date (done or decided)",
    "action_owner": "Owner",
    "action_target_date": "Target date",
    "action_reason": "Reason (if rejected or dropped)",
    "action_saving": "Realised saving a year (plant currency)",
    "action_investment": "Realised investment (plant currency)",
    "status_planned": "planned",
    "status_in_progress": "in progress",
    "status_done": "done",
    "status_dropped": "dropped",
    "status_rejected": "rejected",
}, "id": {
    "proposal_title": "Usulan untuk kasus {id}: {title}",
    "proposal_intro": "Sebutkan langkah dengan kode atau judulnya (judul yang disingkat juga dikenali). Serahkan "
                      "berkas ini sendiri, atau sebagai bagian `proposal:` dari kuesioner Anda. Dinilai dengan: "
                      "cpassess grade {id} <berkas ini>",
    "proposal_trainee": "nama Anda",
    "proposal_measures": "langkah Produksi Bersih, yang terpenting lebih dulu, satu per baris:",
    "proposal_eop": "pengolahan di ujung pipa yang masih perlu setelah Produksi Bersih, dengan kode atau "
                    "judul; [] bila tidak ada",
    "proposal_cp_list": "Langkah Produksi Bersih dalam katalog {sector}:",
    "proposal_eop_list": "Pengolahan di ujung pipa dalam katalog {sector}:",
    "yaml_intro": "Jawab yang Anda ketahui; biarkan sisanya kosong atau tulis ? (keduanya berarti 'belum "
                  "diketahui'). Besaran boleh disertai satuan (\"12 m3/day\", \"450 L/day\"); angka tanpa satuan "
                  "memakai satuan pertanyaannya. Rentang (\"10-11 h/day\") dihitung nilai tengahnya; \"35 kg/batch\" "
                  "atau \"9000 kWh/month\" dikonversi dengan jumlah batch per hari atau hari produksi pabrik. "
                  "Sebutkan cara angka diperoleh: {value: 12, basis: estimated, note: dari jam kerja pompa}; "
                  "`notes:` di setiap bagian untuk catatan. Periksa dengan: cpassess validate <berkas ini>",
    "yaml_section_only_if": "Hanya jika {condition}; jika tidak, hapus bagian ini.",
    "yaml_quotes": "quotes: penawaran harga investasi setempat, dalam mata uang pabrik, menurut kode langkah "
                   "(lampiran laporan mencantumkan kodenya): mengubah kelas biaya menjadi masa pengembalian. "
                   "Contoh:",
    "yaml_actions": "actions: pada kunjungan berikutnya, keputusan pabrik atas suatu langkah, menurut kode "
                    "langkah: owner, target_date, status (planned, in_progress, done, dropped atau rejected), "
                    "date, reason, realised_saving per tahun dan realised_investment; mengisi kolom Penanggung "
                    "jawab, Tanggal target dan Status pada rencana aksi. Contoh:",
    "yaml_previous": "previous_visit: berkas kunjungan sebelumnya ke pabrik ini, relatif terhadap berkas ini: "
                     "laporan lalu menunjukkan nasib langkah-langkah yang direkomendasikan saat itu. Contoh:",
    "text_answer": "Teks.",
    "date_answer": "Tanggal, TTTT-BB-HH (misalnya 2026-03-17).",
    "in_unit": "Dalam {unit}.",
    "plant": "Pabrik",
    "quotes": "Penawaran harga",
    "title": "Kuesioner cpassess: {sector}",
    "question": "Pertanyaan",
    "measure": "Langkah",
    "answer": "Jawaban",
    "unit": "Satuan",
    "basis": "Diukur atau diperkirakan",
    "note": "Catatan",
    "help": "Bantuan",
    "yes": "ya",
    "no": "tidak",
    "measured": "diukur",
    "estimated": "diperkirakan",
    "plant_currency": "mata uang pabrik",
    "required": "(wajib)",
    "intro": "Jawab yang Anda ketahui; biarkan sisanya kosong atau tulis ? (keduanya berarti 'belum "
             "diketahui'). Angka ditulis dalam satuan barisnya; angka dengan satuannya (\"450 L/day\"), "
             "kisaran (\"10-11\") atau satuan lain di kolom Satuan juga dibaca. Desimal ditulis dengan titik "
             "(0.82). Sebutkan cara angka diperoleh di kolom 'Diukur atau diperkirakan' dan tambahkan "
             "catatan bila membantu. Periksa buku kerja ini dengan: cpassess validate <file ini>",
    "sector": "Sektor kuesioner ini (jangan diubah: lembar-lembarnya milik sektor ini)",
    "plant_notes": "Catatan tentang pabrik dan kunjungan",
    "notes": "Catatan untuk lembar ini",
    "only_if": "Hanya jika {condition}; jika tidak, biarkan lembar ini kosong.",
    "field_only_if": "Hanya jika {condition}.",
    "is_one_of": "salah satu dari",
    "is_none_of": "bukan salah satu dari",
    "and": "dan",
    "or": "atau",
    "quotes_title": "Penawaran harga investasi setempat",
    "quotes_intro": "Penawaran harga yang diterima pabrik untuk investasi suatu langkah, dalam mata uang "
                    "pabrik: dengan itu kelas biaya dalam laporan menjadi periode pengembalian modal. "
                    "Biarkan kosong bila belum ada penawaran.",
    "choices": "Jawaban: {choices}.",
    "number": "Sebuah angka.",
    "number_between": "Angka dari {low} sampai {high}.",
    "number_at_least": "Angka, paling sedikit {low}.",
    "number_at_most": "Angka, paling banyak {high}.",
    "integer": "Bilangan bulat.",
    "integer_between": "Bilangan bulat dari {low} sampai {high}.",
    "integer_at_least": "Bilangan bulat, paling sedikit {low}.",
    "integer_at_most": "Bilangan bulat, paling banyak {high}.",
    "number_error_title": "Periksa jawaban",
    "number_error": "{expect} Pertahankan isian Anda hanya bila berupa angka dengan satuannya (450 L/day), "
                    "kisaran (10-11) atau ? untuk belum diketahui.",
    "choice_error_title": "Tidak ada dalam daftar",
    "choice_error": "Pilih jawaban dari daftar, atau tulis ? bila belum diketahui.",
    "previous_visit": "Berkas kunjungan sebelumnya ke pabrik ini, relatif terhadap buku kerja ini",
    "previous_visit_help": "Mis. kunjungan-2025.xlsx atau kunjungan-2025.yaml (di folder yang sama dengan buku "
                           "kerja ini): laporan lalu menunjukkan nasib langkah-langkah yang direkomendasikan saat "
                           "itu. Biarkan kosong pada kunjungan pertama.",
    "actions": "Tindak lanjut",
    "actions_title": "Kunjungan lanjutan: nasib setiap langkah",
    "actions_intro": "Untuk kunjungan lanjutan: keputusan pabrik atas setiap langkah sejak kunjungan sebelumnya "
                     "(disebut di lembar pertama), kapan dan oleh siapa, serta penghematan dan biaya yang "
                     "terwujud. Langkah yang ditolak dengan alasan tidak direkomendasikan lagi kecuali fakta yang "
                     "mendasarinya berubah. Tanggal ditulis 2026-05-01. Biarkan lembar ini kosong pada kunjungan "
                     "pertama.",
    "action_status": "Status",
    "action_date": "Tanggal (selesai atau diputuskan)",
    "action_owner": "Penanggung jawab",
    "action_target_date": "Tanggal target",
    "action_reason": "Alasan (bila ditolak atau dibatalkan)",
    "action_saving": "Penghematan terwujud per tahun (mata uang pabrik)",
    "action_investment": "Investasi terwujud (mata uang pabrik)",
    "status_planned": "direncanakan",
    "status_in_progress": "sedang berjalan",
    "status_done": "selesai",
    "status_dropped": "dibatalkan",
    "status_rejected": "ditolak",
}, "zh": {
    "proposal_title": "案例 {id} 的方案建议：{title}",
    "proposal_intro": "用编号或名称写出方案（名称的开头部分也能识别）。可单独提交本文件，也可作为问卷中的 "
                      "`proposal:` 部分提交。评分命令：cpassess grade {id} <本文件>",
    "proposal_trainee": "你的姓名",
    "proposal_measures": "清洁生产方案，最重要的在前，每行一项：",
    "proposal_eop": "清洁生产后仍需要的末端治理，写编号或名称；不需要则写 []",
    "proposal_cp_list": "{sector}方案库中的清洁生产方案：",
    "proposal_eop_list": "{sector}方案库中的末端治理措施：",
    "yaml_intro": "能答的就答；其余留空或写 ?（两者都表示“尚不清楚”）。数量可带单位（\"12 m3/day\"、"
                  "\"450 L/day\"）；不带单位的数字按该问题的单位理解。范围（\"10-11 h/day\"）取中间值；"
                  "\"35 kg/batch\" 或 \"9000 kWh/month\" 按企业每天的批次数或生产天数换算。请注明数据来源："
                  "{value: 12, basis: estimated, note: 根据水泵运行小时}；任何部分都可用 `notes:` 写备注。"
                  "检查方法：cpassess validate <本文件>",
    "yaml_section_only_if": "仅当{condition}时填写；否则删去本部分。",
    "yaml_quotes": "quotes：当地投资报价，以企业所用货币计，按方案编号填写（报告附录列有编号）：可将费用等级换算为"
                   "静态回收期。例如：",
    "yaml_actions": "actions：回访时企业对各方案的决定，按方案编号填写：owner、target_date、status（planned、"
                    "in_progress、done、dropped 或 rejected）、date、reason、realised_saving（每年）和 "
                    "realised_investment；用于填写行动计划的负责人、目标日期和状态列。例如：",
    "yaml_previous": "previous_visit：该企业上次走访的文件（相对于本文件的路径）：报告将显示当时推荐的"
                     "方案的进展。例如：",
    "text_answer": "文字。",
    "date_answer": "日期，格式为 YYYY-MM-DD（例如 2026-03-17）。",
    "in_unit": "单位：{unit}。",
    "plant": "工厂",
    "quotes": "报价",
    "title": "cpassess 调查问卷：{sector}",
    "question": "问题",
    "measure": "方案",
    "answer": "回答",
    "unit": "单位",
    "basis": "实测或估计",
    "note": "备注",
    "help": "说明",
    "yes": "是",
    "no": "否",
    "measured": "实测",
    "estimated": "估计",
    "plant_currency": "工厂所用货币",
    "required": "（必填）",
    "intro": "能回答的请填写；其余留空或填 ?（均表示“尚不知道”）。数字按该行的单位填写；也可填写带单位的数字"
             "（“450 L/day”）、范围（“10-11”），或在“单位”列填写其他单位。小数点用英文句点（0.82）。"
             "请在“实测或估计”列注明数据来源，必要时加备注。用以下命令检查本工作簿：cpassess validate <本文件>",
    "sector": "本问卷所属行业（请勿修改：各工作表属于该行业）",
    "plant_notes": "关于工厂和本次走访的备注",
    "notes": "本工作表的备注",
    "only_if": "仅当{condition}时填写；否则本工作表留空。",
    "field_only_if": "仅当{condition}时填写。",
    "is_one_of": "为以下之一：",
    "is_none_of": "不是以下任何一项：",
    "and": "且",
    "or": "或",
    "quotes_title": "当地投资报价",
    "quotes_intro": "工厂为某项方案取得的投资报价，以工厂所用货币计：报告据此把费用等级换算为静态投资回收期。"
                    "没有报价的方案请留空。",
    "choices": "可选回答：{choices}。",
    "number": "一个数字。",
    "number_between": "{low}至{high}之间的数字。",
    "number_at_least": "数字，不小于{low}。",
    "number_at_most": "数字，不大于{high}。",
    "integer": "整数。",
    "integer_between": "{low}至{high}之间的整数。",
    "integer_at_least": "整数，不小于{low}。",
    "integer_at_most": "整数，不大于{high}。",
    "number_error_title": "请检查回答",
    "number_error": "{expect}只有带单位的数字（450 L/day）、范围（10-11）或表示未知的 ? 才可保留原样。",
    "choice_error_title": "不在列表中",
    "choice_error": "请从列表中选择回答；如不知道，请填 ?。",
    "previous_visit": "该企业上次走访的文件（相对于本工作簿的路径）",
    "previous_visit_help": "例如 visit-2025.xlsx 或 visit-2025.yaml（与本工作簿在同一文件夹）：报告将显示当时推荐的"
                           "方案的进展。首次走访请留空。",
    "actions": "方案进展",
    "actions_title": "回访：各项方案的进展",
    "actions_intro": "用于回访：自上次走访（在第一个工作表中注明）以来，企业对每项方案的决定、时间和负责人，以及实际"
                     "节约和投资。附理由被拒绝的方案不再推荐，除非其依据的情况发生变化。日期写作 2026-05-01。"
                     "首次走访时本工作表留空。",
    "action_status": "状态",
    "action_date": "日期（完成或决定）",
    "action_owner": "负责人",
    "action_target_date": "目标日期",
    "action_reason": "理由（拒绝或放弃时）",
    "action_saving": "每年实际节约（工厂所用货币）",
    "action_investment": "实际投资（工厂所用货币）",
    "status_planned": "计划中",
    "status_in_progress": "实施中",
    "status_done": "已完成",
    "status_dropped": "已放弃",
    "status_rejected": "已拒绝",
}}
