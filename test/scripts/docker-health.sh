# Health checks, event streams, ordered exec output, stopped-container networking, stats I/O, host networking.
docker run -d --name web --health-cmd 'test -e /tmp/ready' --health-interval 5s --health-retries 2 alpine sleep 1000
docker ps --format 'table {{.Names}}\t{{.Status}}'
sleep 10
docker ps --format 'table {{.Names}}\t{{.Status}}'
docker exec web touch /tmp/ready
sleep 5
docker ps --filter health=healthy --format '{{.Names}} {{.Status}}'
docker inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}} {{len .State.Health.Log}}' web
docker inspect -f '{{range .State.Health.Log}}{{.ExitCode}} {{end}}' web
docker run -d --name slow --health-cmd 'sleep 60' --health-interval 2s --health-timeout 1s alpine sleep 1000
sleep 3
docker inspect -f '{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}' slow
docker run -d --name plain --no-healthcheck alpine sleep 1000
docker inspect -f '{{json .Config.Healthcheck}}' plain
docker events --since 1m --until 0s --filter event=health_status
docker exec web sh -c 'echo a; echo b >&2; echo c'
docker exec web sh -c 'echo a; echo b >&2; echo c' 2>/dev/null
docker run --name order alpine sh -c 'echo one; echo two >&2; echo three'
docker logs order
docker start -a order
docker create --name later alpine sleep 1000
docker network create backend
docker network connect backend later
docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' later
docker start later
docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' later
docker exec later ip -4 addr show eth1
docker events --since 10s --until 0s --filter type=network
docker exec web dd if=/dev/zero of=/big bs=1M count=3
docker stats --no-stream web later
docker run -d --name hostnet --network host alpine sleep 1000
docker exec hostnet ip -4 addr show eth0
docker inspect -f '{{.NetworkSettings.SandboxKey}} {{json .NetworkSettings.Networks.host.IPAddress}}' hostnet
ip link | grep -c veth
docker rm -f web slow plain later hostnet order
docker network rm backend nosuch
docker volume create keep
docker volume rm keep nosuch
