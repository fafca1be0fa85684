// A second standard reader of a dataset as it lies on S3: Polars (nodejs-polars, the Rust engine behind Python's
// polars), reading the Parquet files straight from the S3 endpoint with Hive partitioning.
//   node polars.mjs glob   s3://<bucket>/<prefix>/<dataset>                  every file under the folder
//   node polars.mjs latest s3://<bucket>/<prefix>/<dataset> <_LATEST.json>   the files the pointer names
// S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION say where S3 is. Prints one JSON line: the
// row count, each column's dtype, and the distinct snapshot dates and runs read.
import pl from 'nodejs-polars';
import { readFileSync } from 'node:fs';

const [mode, root, latestFile] = process.argv.slice(2);
const options = {
  hivePartitioning: true,
  tryParseHiveDates: true,
  cloudOptions: {
    aws_endpoint_url: process.env.S3_ENDPOINT,
    aws_access_key_id: process.env.AWS_ACCESS_KEY_ID,
    aws_secret_access_key: process.env.AWS_SECRET_ACCESS_KEY,
    aws_region: process.env.AWS_REGION,
    aws_allow_http: 'true',
  },
};

let frame;
if (mode === 'glob') {
  // what a reader that globs the folder gets: every run, superseded and failed ones included
  frame = pl.scanParquet(`${root}/**/*.parquet`, options).collectSync();
} else {
  // the current runs only, as _LATEST.json names them (paths relative to the dataset folder)
  const latest = JSON.parse(readFileSync(latestFile, 'utf8'));
  frame = pl.concat(latest.files.map((f) => pl.scanParquet(`${root}/${f}`, options).collectSync()));
}
const columns = Object.fromEntries(frame.columns.map((c, i) => [c, String(frame.dtypes[i])]));
const text = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const distinct = (c) => (frame.columns.includes(c) ? [...new Set(frame.getColumn(c).toArray().map(text))].sort() : []);
console.log(JSON.stringify({ rows: frame.height, columns, snapshotDates: distinct('snapshot_date'), runs: distinct('run') }));
