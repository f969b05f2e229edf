/**
 * @module test/helpers/statement-samples
 * Realistic statement files, one per format, with the rows they must parse to: shared by the
 * parser tests (`src/connectors/csv/*.test.ts`), the import route tests and the CLI tests, so
 * the same bytes are checked at every layer.
 */
import type { ParsedStatementRow, StatementFormatName } from '../../src/connectors/csv/index.js';

/** One sample file. */
export interface StatementSample {
  format: StatementFormatName;
  text: string;
  /** The account number the file names (preamble or account column), if any. */
  accountNo: string | undefined;
  /** What the parser yields, in file order. */
  rows: ParsedStatementRow[];
}

/** Joins lines with CRLF and ends with one, as Windows exports do. */
export const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

/**
 * A KlikBCA individual export as the bank writes it: BOM, CRLF, apostrophes, a period across
 * New Year with 'DD/MM dates, a quoted comma, an en-US grouped amount, a PEND row, the footer.
 */
export const KLIKBCA_SAMPLE: StatementSample = {
  format: 'klikbca',
  accountNo: '0123456789',
  text: `\uFEFF${crlf([
    "No. Rekening,=,'0123456789",
    'Nama,=,BUDI SANTOSO',
    'Periode,=,15/12/2024 - 14/01/2025',
    'Mata Uang,=,IDR',
    '',
    'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo',
    "'20/12,TRSF E-BANKING CR 2012/FTSCY/WS95271 150000.00 SITI AMINAH,'0000,150000.00,CR,1150000.00",
    `'24/12,"BIAYA ADM, DESEMBER",'0998,15000.00,DB,1135000.00`,
    "'02/01,SETORAN TUNAI   BUDI   SANTOSO,'0038,2000000.00,CR,3135000.00",
    `'05/01,TRSF E-BANKING DB 0501/FTFVA/WS95031 ORDER-12345 PT TOKO MAJU,'0000,"1,250,000.00",DB,1885000.00`,
    "PEND,SWITCHING CR TRF DARI BNI,'0000,50000.00,CR,1885000.00",
    '',
    'Saldo Awal,=,1000000.00',
    'Mutasi Kredit,=,2150000.00',
    'Mutasi Debet,=,1265000.00',
    'Saldo Akhir,=,1885000.00',
  ])}`,
  rows: [
    {
      line: 7,
      row: {
        transactionDate: '2024-12-20 00:00:00',
        description: 'TRSF E-BANKING CR 2012/FTSCY/WS95271 150000.00 SITI AMINAH',
        type: 'CR',
        amount: 150000,
        balance: 1150000,
      },
    },
    {
      line: 8,
      row: {
        transactionDate: '2024-12-24 00:00:00',
        description: 'BIAYA ADM, DESEMBER',
        type: 'DB',
        amount: 15000,
        balance: 1135000,
      },
    },
    {
      line: 9,
      row: {
        transactionDate: '2025-01-02 00:00:00',
        description: 'SETORAN TUNAI BUDI SANTOSO',
        type: 'CR',
        amount: 2000000,
        balance: 3135000,
      },
    },
    {
      line: 10,
      row: {
        transactionDate: '2025-01-05 00:00:00',
        description: 'TRSF E-BANKING DB 0501/FTFVA/WS95031 ORDER-12345 PT TOKO MAJU',
        type: 'DB',
        amount: 1250000,
        balance: 1885000,
      },
    },
  ],
};

/** The classic fully quoted KlikBCA Bisnis export: sign inside the amount, a multi-line description. */
export const KLIKBCA_BISNIS_SAMPLE: StatementSample = {
  format: 'klikbca-bisnis',
  accountNo: '8720123456',
  text: [
    '"Informasi Rekening - Mutasi Rekening"',
    `"No. Rekening","=","'8720123456"`,
    '"Nama","=","PT SUMBER REJEKI ABADI"',
    '"Periode","=","01/07/2025 - 03/07/2025"',
    '"Mata Uang","=","IDR"',
    '"Tanggal Transaksi","Keterangan","Cabang","Jumlah","Saldo"',
    `"01/07/2025","TRSF E-BANKING CR 0107/FTSCY/WS95051 799700.00 CV ANUGRAH, ORDER-20250701","'0000","799,700.00 CR","10,799,700.00"`,
    `"02/07/2025","BIAYA TXN KE BANK LAIN","'0000","6,500.00 DB","10,793,200.00"`,
    `"03/07/2025","TRF KE 0987654321
GAJI JULI","'0000","5,000,000.00 DB","5,793,200.00"`,
    '"Saldo Awal","=","10,000,000.00"',
    '"Mutasi Kredit","=","799,700.00"',
    '"Mutasi Debet","=","5,006,500.00"',
    '"Saldo Akhir","=","5,793,200.00"',
  ].join('\r\n'),
  rows: [
    {
      line: 7,
      row: {
        transactionDate: '2025-07-01 00:00:00',
        description: 'TRSF E-BANKING CR 0107/FTSCY/WS95051 799700.00 CV ANUGRAH, ORDER-20250701',
        type: 'CR',
        amount: 799700,
        balance: 10799700,
      },
    },
    {
      line: 8,
      row: {
        transactionDate: '2025-07-02 00:00:00',
        description: 'BIAYA TXN KE BANK LAIN',
        type: 'DB',
        amount: 6500,
        balance: 10793200,
      },
    },
    {
      line: 9,
      row: {
        transactionDate: '2025-07-03 00:00:00',
        description: 'TRF KE 0987654321 GAJI JULI',
        type: 'DB',
        amount: 5000000,
        balance: 5793200,
      },
    },
  ],
};

/** Mandiri MCM: DD/MM/YY dates, two description columns, quoted amounts, references. */
export const MANDIRI_MCM_SAMPLE: StatementSample = {
  format: 'mandiri-mcm',
  accountNo: '1370012345678',
  text: [
    'Account No,Date,Val. Date,Transaction Code,Description,Description,Reference No.,Debit,Credit',
    `1370012345678,02/01/25,02/01/25,8860,"TRANSFER DARI BUDI, S",MCM InhouseTrf ORDER-777,FT25002ABCDE,".00","453,684.00"`,
    `1370012345678,02/01/25,02/01/25,4012,BIAYA ADMINISTRASI,,,"12,500.00",".00"`,
    `1370012345678,03/01/25,03/01/25,8870,SKN KE BANK LAIN,PT SINAR,REF/INV/2025/01/9,"1,000,000.00",`,
  ].join('\r\n'),
  rows: [
    {
      line: 2,
      row: {
        transactionDate: '2025-01-02 00:00:00',
        description: 'TRANSFER DARI BUDI, S MCM InhouseTrf ORDER-777',
        type: 'CR',
        amount: 453684,
        balance: null,
        bankReference: 'FT25002ABCDE',
      },
    },
    {
      line: 3,
      row: {
        transactionDate: '2025-01-02 00:00:00',
        description: 'BIAYA ADMINISTRASI',
        type: 'DB',
        amount: 12500,
        balance: null,
      },
    },
    {
      line: 4,
      row: {
        transactionDate: '2025-01-03 00:00:00',
        description: 'SKN KE BANK LAIN PT SINAR',
        type: 'DB',
        amount: 1000000,
        balance: null,
        bankReference: 'REF/INV/2025/01/9',
      },
    },
  ],
};

/** BNI rekening koran: posting date and time, D/K markers, id-ID and en-US grouping, newest first. */
export const BNI_SAMPLE: StatementSample = {
  format: 'bni',
  accountNo: undefined,
  text: [
    'Posting Date,Effective Date,Branch,Journal,Transaction Description,Amount,DB/CR,Balance',
    `03/02/2025 14:22:10,03/02/2025,0259,918273,"TRANSFER DARI | RIZKY PRATAMA, ORDER-9981","150.000,00",K,"5.150.000,00"`,
    '02/02/2025 09:01:00,02/02/2025,0259,918001,BIAYA ADMINISTRASI,"5,000.00",D,"5,000,000.00"',
    '01/02/2025 10:00:00,01/02/2025,0259,917500,SETORAN TUNAI,"5,005,000.00",CR,"5,005,000.00"',
  ].join('\n'),
  rows: [
    {
      line: 2,
      row: {
        transactionDate: '2025-02-03 14:22:10',
        description: 'TRANSFER DARI | RIZKY PRATAMA, ORDER-9981',
        type: 'CR',
        amount: 150000,
        balance: 5150000,
        bankReference: '918273',
      },
    },
    {
      line: 3,
      row: {
        transactionDate: '2025-02-02 09:01:00',
        description: 'BIAYA ADMINISTRASI',
        type: 'DB',
        amount: 5000,
        balance: 5000000,
        bankReference: '918001',
      },
    },
    {
      line: 4,
      row: {
        transactionDate: '2025-02-01 10:00:00',
        description: 'SETORAN TUNAI',
        type: 'CR',
        amount: 5005000,
        balance: 5005000,
        bankReference: '917500',
      },
    },
  ],
};

/** The BRI header with every inferred column. */
export const BRI_HEADER =
  'NOREK,TGL_TRAN,TGL_EFEKTIF,JAM_TRAN,KODE_TRAN,DESK_TRAN,SALDO_AWAL_MUTASI,MUTASI_DEBET,MUTASI_KREDIT,SALDO_AKHIR_MUTASI';

/** BRI: JAM_TRAN as HHMMSS, each row checked against its balances; line 4's figures disagree. */
export const BRI_SAMPLE: StatementSample = {
  format: 'bri',
  accountNo: '034101000123307',
  text: [
    BRI_HEADER,
    "'034101000123307,02/01/2025,02/01/2025,124141,8888,NBMB SITI AMINAH TO BUDI ORDER-42,1000000.00,0.00,250000.00,1250000.00",
    "'034101000123307,02/01/2025,02/01/2025,91500,1010,BIAYA ADM,1250000.00,5500.00,0.00,1244500.00",
    "'034101000123307,03/01/2025,03/01/2025,0,8888,ESB:INTERBANK TRF,1244500.00,0.00,100000.00,1344501.00",
  ].join('\n'),
  rows: [
    {
      line: 2,
      row: {
        transactionDate: '2025-01-02 12:41:41',
        description: 'NBMB SITI AMINAH TO BUDI ORDER-42',
        type: 'CR',
        amount: 250000,
        balance: 1250000,
      },
    },
    {
      line: 3,
      row: {
        transactionDate: '2025-01-02 09:15:00',
        description: 'BIAYA ADM',
        type: 'DB',
        amount: 5500,
        balance: 1244500,
      },
    },
  ],
};

/** The rejection {@link BRI_SAMPLE} carries. */
export const BRI_SAMPLE_REJECTED = [
  {
    line: 4,
    reason:
      'SALDO_AWAL_MUTASI Rp 1.244.500,00 + Rp 100.000,00 is Rp 1.344.500,00, but SALDO_AKHIR_MUTASI says Rp 1.344.501,00',
  },
];

/** {@link BRI_SAMPLE} with line 4's closing balance corrected: every line reads. */
export const BRI_CLEAN_SAMPLE: StatementSample = {
  ...BRI_SAMPLE,
  text: BRI_SAMPLE.text.replace('1344501.00', '1344500.00'),
  rows: [
    ...BRI_SAMPLE.rows,
    {
      line: 4,
      row: {
        transactionDate: '2025-01-03 00:00:00',
        description: 'ESB:INTERBANK TRF',
        type: 'CR',
        amount: 100000,
        balance: 1344500,
      },
    },
  ],
};

/** A file of each format that reads without a rejected line. */
export const CLEAN_SAMPLES: Readonly<Record<StatementFormatName, StatementSample>> = {
  klikbca: KLIKBCA_SAMPLE,
  'klikbca-bisnis': KLIKBCA_BISNIS_SAMPLE,
  'mandiri-mcm': MANDIRI_MCM_SAMPLE,
  bni: BNI_SAMPLE,
  bri: BRI_CLEAN_SAMPLE,
};

/** {@link KLIKBCA_SAMPLE} with a Mutasi Debet total that does not match its rows. */
export const KLIKBCA_FOOTER_MISMATCH_TEXT = KLIKBCA_SAMPLE.text.replace(
  'Mutasi Debet,=,1265000.00',
  'Mutasi Debet,=,1265500.00',
);
