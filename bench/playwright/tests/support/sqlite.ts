// A read-only view of the shop's SQLite database for the Playwright suite, as e2e's backend.Probe
// gives the Go flows.
//
// The reader is sql.js (SQLite compiled to WebAssembly: no native build, no download at install).
// sql.js works on an in-memory copy of a database file and knows nothing of the write-ahead log,
// while the shop runs in WAL mode: rows it has just committed are often only in shop.db-wal. So
// each query runs on a snapshot the way a SQLite reader would see the database: the main file,
// with the pages of every committed transaction of the WAL (frames whose salts and cumulative
// checksums hold, up to the last commit frame) laid over it. The snapshot is kept between queries
// and brought up to date with the frames appended since (see Snapshotter), so that a query costs
// about what it costs e2e. Files are only ever read: nothing here writes to the shop's database,
// its WAL or its shared-memory index, and no lock is taken.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import initSqlJs from 'sql.js';

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
type Value = number | string | Uint8Array | null;

export interface UserRow {
  id: number;
  username: string;
  email: string;
  password_hash: string;
  display_name: string;
  created_at: string;
}

export interface SessionRow {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface FavouriteRow {
  product_id: number;
  added_at: string;
}

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** SQLite's WAL checksum over data[off, off+len), continuing from s. */
function walChecksum(data: Buffer, off: number, len: number, s: [number, number], bigEndian: boolean): [number, number] {
  let [s1, s2] = s;
  const end = off + len;
  for (let i = off; i < end; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s1 = (s1 + x0 + s2) >>> 0;
    s2 = (s2 + x1 + s1) >>> 0;
  }
  return [s1, s2];
}

/** What has been read of a WAL generation: its header and the state after its last commit frame. */
interface WalState {
  header: Buffer; // the 32-byte WAL header: a new generation (after a restart) has new salts
  bigEndian: boolean;
  pageSize: number;
  salt1: number;
  salt2: number;
  end: number; // offset just past the last commit frame read
  sum: [number, number]; // cumulative checksum at end
  dbPages: number; // size of the database after that commit, in pages (0: no commit yet)
}

/** The state of a WAL whose header is valid, before any frame; null when the header is not. */
function walStart(wal: Buffer | null): WalState | null {
  if (!wal || wal.length < WAL_HEADER) return null;
  const magic = wal.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return null;
  const bigEndian = (magic & 1) === 1;
  const sum = walChecksum(wal, 0, 24, [0, 0], bigEndian);
  if (sum[0] !== wal.readUInt32BE(24) || sum[1] !== wal.readUInt32BE(28)) return null;
  return {
    header: Buffer.from(wal.subarray(0, WAL_HEADER)),
    bigEndian,
    pageSize: wal.readUInt32BE(8),
    salt1: wal.readUInt32BE(16),
    salt2: wal.readUInt32BE(20),
    end: WAL_HEADER,
    sum,
    dbPages: 0,
  };
}

function sameHeader(a: Buffer | null, b: Buffer | null): boolean {
  if (!a || !b) return a === b;
  if (a.length < WAL_HEADER || b.length < WAL_HEADER) return a.length < WAL_HEADER && b.length < WAL_HEADER;
  return a.subarray(0, WAL_HEADER).equals(b.subarray(0, WAL_HEADER));
}

/** Reads length bytes of the file at path from offset on (fewer at its end); null when it is gone. */
function readAt(path: string, offset: number, length?: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const n = Math.max(0, (length ?? fstatSync(fd).size - offset));
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const r = readSync(fd, buf, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * The database as of its last committed transaction, as one file image without a WAL, kept up to
 * date between calls: while the WAL stays in the same generation (the same header), only the
 * frames appended since the last call are read. Pages a checkpoint copies into the main file are
 * committed frames of the WAL, so the main file needs reading only when a generation starts.
 */
export class Snapshotter {
  private img: Buffer | null = null;
  private wal: WalState | null = null;

  constructor(readonly path: string) {}

  /** The current image. Do not keep it: the next call may change it in place. */
  image(): Buffer {
    const img = this.current();
    // File format versions 2/2 mean "WAL mode": make the image a plain rollback-journal database
    // so that sql.js opens it alone.
    if (img.length >= 100) {
      img[18] = 1;
      img[19] = 1;
    }
    return img;
  }

  private current(): Buffer {
    const walPath = `${this.path}-wal`;
    if (this.img && this.wal) {
      const header = readAt(walPath, 0, WAL_HEADER);
      if (header && header.length === WAL_HEADER && header.equals(this.wal.header)) {
        const data = readAt(walPath, this.wal.end);
        if (data) {
          this.apply(this.img, this.wal, data);
          return this.img!;
        }
      }
    }
    return this.reload();
  }

  /**
   * Reads the main file and the WAL afresh. The WAL is read before and after the main file: when
   * both reads show the same generation, every page a concurrent checkpoint may have been copying
   * into the main file is still in the second WAL read, which is laid over it.
   */
  private reload(): Buffer {
    const walPath = `${this.path}-wal`;
    for (let attempt = 0; ; attempt++) {
      const before = readAt(walPath, 0);
      const main = readFileSync(this.path);
      const after = readAt(walPath, 0);
      if (!sameHeader(before, after) && attempt < 20) continue;
      const st = walStart(after);
      this.wal = st;
      this.img = main;
      if (st) {
        if (main.length >= 100 && main.readUInt16BE(16) !== (st.pageSize === 65536 ? 1 : st.pageSize)) {
          throw new Error(`${this.path}: page size of the WAL (${st.pageSize}) differs from the database's`);
        }
        this.apply(main, st, after!.subarray(WAL_HEADER));
      }
      return this.img!;
    }
  }

  /** Lays the committed frames of data (the WAL from st.end on) over the image. */
  private apply(image: Buffer, st: WalState, data: Buffer): void {
    const pages = new Map<number, Buffer>();
    let pending = new Map<number, Buffer>();
    let sum = st.sum;
    const frame = FRAME_HEADER + st.pageSize;
    let consumed = 0;
    for (let off = 0; off + frame <= data.length; off += frame) {
      const pgno = data.readUInt32BE(off);
      const commit = data.readUInt32BE(off + 4);
      if (pgno === 0 || data.readUInt32BE(off + 8) !== st.salt1 || data.readUInt32BE(off + 12) !== st.salt2) break;
      sum = walChecksum(data, off, 8, sum, st.bigEndian);
      sum = walChecksum(data, off + FRAME_HEADER, st.pageSize, sum, st.bigEndian);
      if (sum[0] !== data.readUInt32BE(off + 16) || sum[1] !== data.readUInt32BE(off + 20)) break;
      pending.set(pgno, data.subarray(off + FRAME_HEADER, off + frame));
      if (commit !== 0) {
        for (const [n, p] of pending) pages.set(n, p);
        pending = new Map();
        st.dbPages = commit;
        st.sum = sum;
        consumed = off + frame;
      }
    }
    st.end += consumed;
    if (consumed === 0) return;
    const size = st.dbPages * st.pageSize;
    if (size !== image.length) {
      const resized = Buffer.alloc(size);
      image.copy(resized, 0, 0, Math.min(image.length, size));
      image = resized;
    }
    for (const [pgno, page] of pages) {
      if (pgno <= st.dbPages) page.copy(image, (pgno - 1) * st.pageSize);
    }
    this.img = image;
  }
}

/** The shop's database, read-only. */
export class ShopDB {
  private readonly snap: Snapshotter;

  constructor(private readonly sql: SqlJs, readonly path: string) {
    this.snap = new Snapshotter(path);
  }

  static async open(path: string): Promise<ShopDB> {
    return new ShopDB(await initSqlJs(), path);
  }

  private query(sql: string, params: Value[]): Record<string, Value>[] {
    const db = new this.sql.Database(this.snap.image());
    try {
      const stmt = db.prepare(sql, params);
      const rows: Record<string, Value>[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as Record<string, Value>);
      stmt.free();
      return rows;
    } finally {
      db.close();
    }
  }

  /** The users row of username, or null. */
  user(username: string): UserRow | null {
    const rows = this.query(
      'SELECT id, username, email, password_hash, display_name, created_at FROM users WHERE username = ?',
      [username],
    );
    return (rows[0] as unknown as UserRow) ?? null;
  }

  /** The sessions rows of user id, newest first. */
  sessions(userId: number): SessionRow[] {
    return this.query(
      'SELECT id, user_id, created_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at DESC',
      [userId],
    ) as unknown as SessionRow[];
  }

  /** The favourites rows of user id, newest first. */
  favourites(userId: number): FavouriteRow[] {
    return this.query(
      'SELECT product_id, added_at FROM favourites WHERE user_id = ? ORDER BY added_at DESC, rowid DESC',
      [userId],
    ) as unknown as FavouriteRow[];
  }
}
