package shop

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestStoreOnPostgres: the shop's queries behave on PostgreSQL as on SQLite: duplicates name
// their field (email case-insensitively), favourites are idempotent and listed newest first,
// a favourite of an unknown product is not found.
func TestStoreOnPostgres(t *testing.T) {
	pg := testenv.StartPostgres(t)
	s, err := New(Options{DBPath: pg.DSN("app"), BcryptCost: 4})
	require.NoError(t, err)
	defer s.Close()
	require.Equal(t, driverPostgres, s.DBDriver())
	ctx := context.Background()
	products, err := s.listProducts(ctx)
	require.NoError(t, err)
	require.Len(t, products, len(seedProducts()))

	id, err := s.createUser(ctx, "ann", "Ann@Example.test", "hash")
	require.NoError(t, err)
	var dup errDuplicate
	_, err = s.createUser(ctx, "ann", "other@example.test", "hash")
	require.True(t, errors.As(err, &dup), "%v", err)
	require.Equal(t, "username", dup.Field)
	_, err = s.createUser(ctx, "bob", "ann@example.TEST", "hash")
	require.True(t, errors.As(err, &dup), "%v", err)
	require.Equal(t, "email", dup.Field)
	userTaken, emailTaken, err := s.takenFields(ctx, "nobody", "ANN@example.test")
	require.NoError(t, err)
	require.Equal(t, []bool{false, true}, []bool{userTaken, emailTaken})

	clock := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	s.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	require.NoError(t, s.addFavourite(ctx, id, 3))
	require.NoError(t, s.addFavourite(ctx, id, 5))
	require.NoError(t, s.addFavourite(ctx, id, 3), "idempotent")
	favs, err := s.listFavourites(ctx, id)
	require.NoError(t, err)
	require.Equal(t, []int64{5, 3}, []int64{favs[0].ProductID, favs[1].ProductID})
	require.ErrorIs(t, s.addFavourite(ctx, id, 999), errNotFound)
	require.NoError(t, s.removeFavourite(ctx, id, 5))
	ok, err := s.isFavourite(ctx, id, 5)
	require.NoError(t, err)
	require.False(t, ok)
}
