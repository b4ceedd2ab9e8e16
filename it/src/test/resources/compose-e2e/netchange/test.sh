. ../lib.sh
$COMPOSE up -d
before=$($DOCKER inspect -f '{{.Id}}' "$PROJECT-web-1")
net_before=$($DOCKER network inspect -f '{{.Id}}' "${PROJECT}_front")
$COMPOSE exec -T probe wget -q -O /dev/null http://web/bin/ || true
sed -i 's/tier: one/tier: two/' compose.yaml
plan=$($COMPOSE up -d --dry-run)
echo "$plan" | grep -q 'network:front, RemoveNetwork, config hash diverged' || fail "plan: $plan"
$COMPOSE up -d
expect_eq "$($DOCKER network inspect -f '{{index .Labels "tier"}}' "${PROJECT}_front")" two "the network's new label"
[ "$($DOCKER network inspect -f '{{.Id}}' "${PROJECT}_front")" != "$net_before" ] || fail "the network was not recreated"
expect_eq "$($DOCKER inspect -f '{{.Id}} {{.State.Running}}' "$PROJECT-web-1")" "$before true" "web kept, running again"
retry 20 $COMPOSE exec -T probe nslookup web >/dev/null || fail "web not found by name on the new network"
# unchanged now
expect_eq "$($COMPOSE up -d --dry-run)" "nothing to do" "a second up"
