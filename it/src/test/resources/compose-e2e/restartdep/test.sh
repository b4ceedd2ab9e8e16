. ../lib.sh
started() { $DOCKER inspect -f '{{.State.StartedAt}}' "$PROJECT-$1-1"; }
$COMPOSE up -d
app_id=$($DOCKER inspect -f '{{.Id}}' "$PROJECT-app-1")
app_started=$(started app); worker_started=$(started worker)
sed -i 's/VERSION: "1"/VERSION: "2"/' compose.yaml
$COMPOSE up -d
expect_eq "$($DOCKER inspect -f '{{.Id}} {{.State.Running}}' "$PROJECT-app-1")" "$app_id true" "app kept and running"
[ "$(started app)" != "$app_started" ] || fail "app was not restarted with db"
expect_eq "$(started worker)" "$worker_started" "worker (no restart: true) left alone"
app_started=$(started app)
$COMPOSE restart db
[ "$(started app)" != "$app_started" ] || fail "restart db did not restart app"
expect_eq "$(started worker)" "$worker_started" "restart db left worker alone"
