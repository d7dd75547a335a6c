#!/usr/bin/env bash
# The http provider through `mesh apply` against nginx (WebDAV PUT/DELETE over a temp dir).
source "$(dirname "$0")/lib.sh"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || fail "nginx not found (scripts/deps.sh test installs nginx-light)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p nginx/www nginx/tmp nginx/logs
cat >nginx/nginx.conf <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
events { worker_connections 64; }
http {
  access_log $WORK/nginx/logs/access.log;
  client_body_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$PORT;
    root $WORK/nginx/www;
    location / { dav_methods PUT DELETE; create_full_put_path on; }
  }
}
CONF
"$NGINX" -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/logs/error.log" \
  -g 'daemon off; master_process off;' &
NGINX_PID=$!
CLEANUPS+=('kill -9 $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null')
for _ in $(seq 100); do
  (echo >/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break
  sleep 0.05
done

cat >main.mesh <<MESH
resource "http_resource" "contract" {
  url           = "http://127.0.0.1:$PORT/contracts/orders.json"
  create_method = "PUT"
  body          = jsonencode({ name = "orders", version = 1 })
}
MESH
run 0 apply --auto-approve
expect 'Apply complete! Resources: 1 added'
grep -q '"orders"' nginx/www/contracts/orders.json || fail "object not written"
no_changes
echo '{"name":"tampered","version":1}' >nginx/www/contracts/orders.json
run 2 plan --detailed-exitcode
expect 'http_resource.contract'
run 0 apply --auto-approve
grep -q '"orders"' nginx/www/contracts/orders.json || fail "drift not repaired"
run 0 destroy --auto-approve
[[ ! -e nginx/www/contracts/orders.json ]] || fail "object not deleted"
