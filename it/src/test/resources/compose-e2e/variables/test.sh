. ../lib.sh
vars=$($COMPOSE config --variables | sed 's/ *$//')
expect_eq "$vars" "NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE
MODE                true
TAG                 false               latest" "config --variables"
$COMPOSE config --no-interpolate | grep -q 'image: busybox:${TAG:-latest}' || fail "config --no-interpolate: $($COMPOSE config --no-interpolate)"
$COMPOSE up -d
expect_eq "$($COMPOSE exec -T app cat /run/secrets/token.txt)" "e2e" "the secret from the environment"
expect_eq "$($COMPOSE exec -T app cat /etc/app.conf)" "mode=e2e" "the config from content"
