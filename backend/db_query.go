package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Rows runs a read-only query and returns its rows as column-to-value maps: for flows of
// other apps than the reference shop. Text comes back as string and integers as int64 on every
// driver. The probe reads in a read-only connection or transaction, so a query cannot change
// what it checks.
func (p *Probe) Rows(query string, args ...any) []map[string]any {
	out, err := p.rows(query, args...)
	p.must(err)
	return out
}

// rows is Rows returning its failure.
func (p *Probe) rows(query string, args ...any) ([]map[string]any, error) {
	ctx := p.ctx
	var out []map[string]any
	err := p.steps.Do("db: "+oneLineSQL(query), func() error {
		if p.db == nil {
			return ErrNoDB
		}
		var err error
		out, err = p.db.rows(ctx, query, args)
		if err != nil {
			return fmt.Errorf("db: %w", err)
		}
		return nil
	})
	return out, err
}

// Value runs a read-only query of one row and one column and returns that value (normalised as
// Rows does). A query that returns no row, or more than one column, fails the flow.
func (p *Probe) Value(query string, args ...any) any {
	ctx := p.ctx
	var v any
	err := p.steps.Do("db: value of "+oneLineSQL(query), func() error {
		if p.db == nil {
			return ErrNoDB
		}
		rows, err := p.db.rows(ctx, query, args)
		switch {
		case err != nil:
			return fmt.Errorf("db: %w", err)
		case len(rows) == 0:
			return errors.New("db: value: the query returned no row")
		case len(rows[0]) != 1:
			return fmt.Errorf("db: value: the query returned %d columns, want one", len(rows[0]))
		}
		for _, v = range rows[0] {
		}
		return nil
	})
	p.must(err)
	return v
}

// Count returns the number of rows the read-only query returns, e.g.
// Count("SELECT 1 FROM favourites WHERE user_id = ? AND deleted_at IS NULL", id). The server
// counts them (SELECT count(*) FROM (query)).
func (p *Probe) Count(query string, args ...any) int {
	ctx := p.ctx
	var n int64
	err := p.steps.Do("db: count of "+oneLineSQL(query), func() error {
		if p.db == nil {
			return ErrNoDB
		}
		q := "SELECT count(*) FROM (" + strings.TrimRight(strings.TrimSpace(query), ";") + ") AS e2e_counted"
		if _, err := p.db.readRow(ctx, q, args, &n); err != nil {
			return fmt.Errorf("db: count: %w", err)
		}
		return nil
	})
	p.must(err)
	return int(n)
}

// rows runs query and returns every row as a column-to-value map.
func (d *DB) rows(ctx context.Context, query string, args []any) ([]map[string]any, error) {
	var out []map[string]any
	err := d.read(ctx, query, args, func(rows *sql.Rows) error {
		cols, err := rows.ColumnTypes()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			row := make(map[string]any, len(cols))
			for i, c := range cols {
				row[c.Name()] = normalize(vals[i], c.DatabaseTypeName())
			}
			out = append(out, row)
		}
		return nil
	})
	return out, err
}

// normalize turns the bytes a driver returns for text and numbers (MySQL's text protocol) into
// string, int64 or float64 by the column's type, so that a check reads the same on every
// driver. Binary columns stay []byte.
func normalize(v any, dbType string) any {
	b, ok := v.([]byte)
	if !ok {
		return v
	}
	t := strings.ToUpper(dbType)
	switch {
	case strings.Contains(t, "BLOB") || strings.Contains(t, "BINARY") || t == "BYTEA":
		return b
	case strings.Contains(t, "INT"):
		if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			return n
		}
	case t == "FLOAT" || t == "DOUBLE" || t == "REAL":
		if f, err := strconv.ParseFloat(string(b), 64); err == nil {
			return f
		}
	}
	return string(b)
}

// rebind rewrites "?" placeholders as $1, $2... for PostgreSQL, so that one query reads on
// every driver. A query that already numbers its placeholders ($1) is left alone, as are "?"
// inside quotes and comments.
func (d *DB) rebind(query string) string {
	if d.driver != DriverPostgres || !strings.Contains(query, "?") || strings.Contains(query, "$1") {
		return query
	}
	var b strings.Builder
	n := 0
	var quote byte // ', " or - (a -- comment)
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote == '-':
			if c == '\n' {
				quote = 0
			}
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			quote = '-'
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
