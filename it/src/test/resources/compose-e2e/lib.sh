# Helpers for the compose e2e scripts (sourced: . ../lib.sh).
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_eq ACTUAL EXPECTED WHAT
expect_eq() { [ "$1" = "$2" ] || fail "$3: expected [$2], got [$1]"; }
# retry N CMD...: runs CMD until it succeeds, at most N times, 0.5 s apart
retry() { n=$1; shift; i=0; until "$@"; do i=$((i + 1)); [ "$i" -lt "$n" ] || return 1; sleep 0.5; done; }
