#!/usr/bin/env bash
# Smoke test of the container images built from this repository's Dockerfile, per target
# (default: noweb full): build; measure the image and its base; start it in sandbox mode and time
# start → /health 200; run the HEALTHCHECK; check no process runs as root; create a session and
# read its chats over HTTP; write a message; stop with SIGTERM (exit 0, "shut down cleanly"); start
# the same container again and a new one on the same volume and find the data kept.
# The last line is a JSON summary. The same script runs in CI (.github/workflows/image.yml).
#
# Environment:
#   CONTAINER_CLI  podman or docker (default: podman if installed, else docker)
#   IMAGE_BASE     base image (default: podman → the local stand-in scripts/image-base.sh makes;
#                  docker → the Dockerfile's default, node:20-bookworm-slim)
#   IMAGE_REPO     image name without tag (default localhost/wa-http-api); tags are the targets
#   IMAGE_SKIP_BUILD=1  test images already built under IMAGE_REPO:TARGET
#   IMAGE_MAX_ADDED_MB  limit on what noweb adds to its base (default 150)
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(noweb full)
cli=${CONTAINER_CLI:-$(command -v podman >/dev/null 2>&1 && echo podman || echo docker)}
repo=${IMAGE_REPO:-localhost/wa-http-api}
max_added_mb=${IMAGE_MAX_ADDED_MB:-150}
api_key="smoke-$(date +%s)-$$-key"
run_id="wa-smoke-$$"

if [ "$cli" = podman ]; then
  export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/scripts/image-containers.conf}
fi

# On stderr: several steps run in $(...) to return a figure, and their messages must still show.
log() { printf '[image-smoke %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() {
  log "FAIL: $*"
  exit 1
}
now_ms() { date +%s%3N; }
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);console.log(String(($1)(v)))})"; }

remove_now() { # podman's rm -f waits 10 s for a stop unless told otherwise; docker's has no -t
  if [ "$cli" = podman ]; then podman rm -f -t 0 "$1"; else docker rm -f "$1"; fi
}
cleanup() {
  for target in "${targets[@]}"; do
    remove_now "$run_id-$target" >/dev/null 2>&1 || true
    "$cli" volume rm -f "$run_id-$target" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# --- the base image
build_args=()
if [ -n "${IMAGE_BASE:-}" ]; then
  base=$IMAGE_BASE
  build_args+=(--build-arg "BASE=$base")
elif [ "$cli" = podman ]; then
  base=localhost/node20-bookworm-slim:20.20.2
  scripts/image-base.sh "$base"
  build_args+=(--build-arg "BASE=$base")
else
  base=node:20-bookworm-slim
fi
if [ "$cli" = podman ]; then
  # HEALTHCHECK exists in Docker's image format only; the host's CA bundle reaches the build
  # stage's npm as a mount, never as a layer.
  build_args+=(--format docker)
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    build_args+=(-v /etc/ssl/certs/ca-certificates.crt:/run/host-ca.crt:ro)
    build_args+=(--build-arg NODE_EXTRA_CA_CERTS=/run/host-ca.crt)
  fi
fi
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
build_args+=(--build-arg "REVISION=$revision" --build-arg "VERSION=smoke-$revision")

# --- HTTP helpers (curl; the API key on every call)
port=""
call() { # METHOD PATH [JSON] → body on stdout, fails on a non-2xx answer
  local method=$1 path=$2 body=${3:-}
  local args=(-sS --fail-with-body --max-time 20 -X "$method" -H "x-api-key: $api_key")
  [ -z "$body" ] || args+=(-H 'content-type: application/json' --data "$body")
  curl "${args[@]}" "http://127.0.0.1:$port$path"
}
wait_health() { # → milliseconds until /health answered 200 (bounded at 60 s)
  local started=$1 deadline=$(($(now_ms) + 60000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$port/health" |
      grep -q 200; then
      echo $(($(now_ms) - started))
      return 0
    fi
    sleep 0.05
  done
  return 1
}
wait_working() {
  local deadline=$(($(date +%s) + 90)) status=""
  while [ "$(date +%s)" -lt "$deadline" ]; do
    status=$(call GET /api/sessions/default | json 'v=>v.status' || true)
    [ "$status" = WORKING ] && return 0
    sleep 0.5
  done
  fail "session default is $status after 90 s, not WORKING"
}
start_container() { # NAME TARGET [SANDBOX=1] → prints ms to /health
  local name=$1 target=$2 sandbox=${3:-1} started
  started=$(now_ms)
  "$cli" run -d --name "$name" -p 127.0.0.1::3000 -v "$name:/data" \
    -e WA_SANDBOX="$sandbox" -e WAHA_API_KEY="$api_key" -e WA_RESTORE_STAGGER_MS=0 \
    "$repo:$target" >/dev/null
  port=$("$cli" port "$name" 3000 | head -1 | sed 's/.*://')
  wait_health "$started" || fail "$name: no /health 200 within 60 s: $("$cli" logs "$name" 2>&1 | tail -20)"
}
restart_container() { # NAME → ms to /health after start
  local name=$1 started
  started=$(now_ms)
  "$cli" start "$name" >/dev/null
  port=$("$cli" port "$name" 3000 | head -1 | sed 's/.*://')
  wait_health "$started" || fail "$name: no /health 200 after restart: $("$cli" logs "$name" 2>&1 | tail -20)"
}
stop_clean() { # NAME → ms the SIGTERM stop took; fails unless exit 0 and a clean shutdown log
  local name=$1 started code
  started=$(now_ms)
  "$cli" stop -t 10 "$name" >/dev/null
  local took=$(($(now_ms) - started))
  code=$("$cli" inspect "$name" --format '{{.State.ExitCode}}')
  [ "$code" = 0 ] || fail "$name exited $code after SIGTERM: $("$cli" logs "$name" 2>&1 | tail -20)"
  # Read whole before searching: `logs | grep -q` stops reading at the match, and pipefail then
  # reports the writer's SIGPIPE as a failure.
  local logs
  logs=$("$cli" logs "$name" 2>&1)
  grep -q "shut down cleanly" <<<"$logs" ||
    fail "$name: no 'shut down cleanly' in its log: $(tail -20 <<<"$logs")"
  echo "$took"
}
settle_session() { # → how the restored session came back: "restored" or "paired again"
  local deadline=$(($(date +%s) + 90)) status=""
  while [ "$(date +%s)" -lt "$deadline" ]; do
    status=$(call GET /api/sessions/default | json 'v=>v.status') || fail "session default is gone"
    case "$status" in
    WORKING)
      echo restored
      return 0
      ;;
    FAILED)
      # The sandbox's simulated WhatsApp lives in memory, so after a restart it no longer knows
      # the device and logs it out; pairing again into a fresh demo world proves nothing about the
      # store, but the message written before the stop (its id is random) can only come from it.
      call POST /api/sessions/default/restart >/dev/null
      wait_working
      echo "paired again"
      return 0
      ;;
    esac
    sleep 0.5
  done
  fail "session default is $status 90 s after the restart"
}
expect_data_kept() { # CHAT MESSAGE_ID
  local chat=$1 message=$2
  call GET "/api/default/chats?limit=50" | json "v=>v.some(c=>c.id==='$chat')" | grep -q true ||
    fail "chat $chat is gone"
  call GET "/api/default/chats/$chat/messages?limit=50&downloadMedia=false" |
    json "v=>v.some(m=>m.id==='$message')" | grep -q true || fail "message $message is gone"
}

summary=()
for target in "${targets[@]}"; do
  name="$run_id-$target"
  build_s=0
  if [ -z "${IMAGE_SKIP_BUILD:-}" ]; then
    log "$target: building $repo:$target on $base"
    started=$(date +%s)
    "$cli" build "${build_args[@]}" --target "$target" -t "$repo:$target" . >"/tmp/$name-build.log" 2>&1 ||
      fail "$target: build failed (log: /tmp/$name-build.log): $(tail -30 "/tmp/$name-build.log")"
    build_s=$(($(date +%s) - started))
    log "$target: built in $build_s s"
  fi

  # BuildKit may leave the base out of the local image store; its size needs it there.
  "$cli" image inspect "$base" >/dev/null 2>&1 || "$cli" pull -q "$base" >/dev/null
  image_bytes=$("$cli" image inspect "$repo:$target" --format '{{.Size}}')
  base_bytes=$("$cli" image inspect "$base" --format '{{.Size}}')
  added_mb=$(((image_bytes - base_bytes) / 1000000))
  log "$target: image $((image_bytes / 1000000)) MB, base $((base_bytes / 1000000)) MB, added $added_mb MB"
  if [ "$target" = noweb ] && [ "$added_mb" -gt "$max_added_mb" ]; then
    fail "noweb adds $added_mb MB to its base (limit $max_added_mb MB)"
  fi
  [ "$("$cli" image inspect "$repo:$target" --format '{{.Config.User}}')" = wa ] ||
    fail "$target: the image's user is not wa"
  grep -q healthcheck.js <<<"$("$cli" image inspect "$repo:$target" --format '{{json .Config.Healthcheck}}')" ||
    fail "$target: no HEALTHCHECK in the image"

  start_ms=$(start_container "$name" "$target")
  healthy_at=$(now_ms)
  port=$("$cli" port "$name" 3000 | head -1 | sed 's/.*://')
  # The part of that time the server itself took: from its process start (the runtime's record).
  started_at=$("$cli" inspect "$name" --format '{{.State.StartedAt.UnixMilli}}' 2>/dev/null ||
    "$cli" inspect "$name" --format '{{.State.StartedAt}}' | json 'v=>Date.parse(v)' 2>/dev/null ||
    echo "$healthy_at")
  node_ms=$((healthy_at - started_at))
  log "$target: run → /health 200 in $start_ms ms, of which process start → /health $node_ms ms (port $port)"

  if [ "$cli" = podman ]; then
    podman healthcheck run "$name" >/dev/null || fail "$target: the HEALTHCHECK failed"
  else
    docker exec "$name" node /app/dist/healthcheck.js || fail "$target: the health check failed"
  fi
  uids=$("$cli" exec "$name" sh -c 'cat /proc/[0-9]*/status 2>/dev/null | awk "/^Uid:/{print \$2}" | sort -u')
  [ -n "$uids" ] && ! grep -qx 0 <<<"$uids" || fail "$target: a process runs as root (uids: $uids)"
  [ "$("$cli" exec "$name" cat /proc/1/comm)" = tini ] || fail "$target: PID 1 is not tini"
  log "$target: HEALTHCHECK ok; PID 1 is tini; process uids: $(tr '\n' ' ' <<<"$uids")"

  call POST /api/sessions '{"name":"default"}' >/dev/null
  wait_working
  chats=$(call GET "/api/default/chats?limit=50")
  chat=$(json 'v=>v.find(c=>c.id.endsWith("@c.us")).id' <<<"$chats")
  log "$target: session WORKING, $(json 'v=>v.length' <<<"$chats") chats read, first direct chat $chat"
  message=$(call POST /api/sendText "{\"session\":\"default\",\"chatId\":\"$chat\",\"text\":\"written before SIGTERM\"}" |
    json 'v=>v.id')
  log "$target: wrote message $message; stopping with SIGTERM"

  stop_ms=$(stop_clean "$name")
  log "$target: SIGTERM → exit 0 in $stop_ms ms"
  restart_ms=$(restart_container "$name")
  how=$(settle_session)
  expect_data_kept "$chat" "$message"
  log "$target: same container started again (/health in $restart_ms ms; session $how): session, chat and message kept"
  stop_clean "$name" >/dev/null
  "$cli" rm "$name" >/dev/null
  recreate_ms=$(start_container "$name" "$target")
  port=$("$cli" port "$name" 3000 | head -1 | sed 's/.*://')
  how=$(settle_session)
  expect_data_kept "$chat" "$message"
  second_stop_ms=$(stop_clean "$name")
  log "$target: new container on the same volume (/health in $recreate_ms ms; session $how): data kept; stopped clean in $second_stop_ms ms"
  "$cli" rm "$name" >/dev/null
  "$cli" volume rm "$name" >/dev/null

  # Production mode (no sandbox, an empty volume): the start time users see.
  plain_ms=$(start_container "$name" "$target" 0)
  plain_stop_ms=$(stop_clean "$name")
  log "$target: without sandbox, empty volume: run → /health 200 in $plain_ms ms; SIGTERM → exit 0 in $plain_stop_ms ms"
  "$cli" rm "$name" >/dev/null
  "$cli" volume rm "$name" >/dev/null

  summary+=("{\"target\":\"$target\",\"imageBytes\":$image_bytes,\"baseBytes\":$base_bytes,\"addedMB\":$added_mb,\"buildSeconds\":$build_s,\"runToHealthMs\":$start_ms,\"processStartToHealthMs\":$node_ms,\"restartToHealthMs\":$restart_ms,\"plainRunToHealthMs\":$plain_ms,\"recreateToHealthMs\":$recreate_ms,\"sigtermStopMs\":$stop_ms,\"exitCode\":0}")
  log "$target: PASS"
done

log "all targets passed: ${targets[*]}"
echo "{\"cli\":\"$cli\",\"base\":\"$base\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"images\":[$(
  IFS=,
  echo "${summary[*]}"
)]}"
