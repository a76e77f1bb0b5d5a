# Docker on the simulated host: the engine, the CLI, and what they do to the kernel.
docker version
docker run hello-world
docker run -d --name web -p 8080:80 nginx
docker run -d --name cache -m 64m redis
docker ps
curl -s localhost:8080 | grep title
docker exec web hostname
docker exec cache redis-cli ping
docker inspect -f '{{.State.Pid}} {{.NetworkSettings.IPAddress}} {{.HostConfig.Memory}}' cache
cat /sys/fs/cgroup/system.slice/docker-$(docker inspect -f '{{.Id}}' cache).scope/memory.max
ip addr show docker0
iptables -t nat -S DOCKER
docker run --rm alpine ps
docker run --rm alpine hostname -i
docker run --rm alpine sh -c 'exit 3'
docker run --rm alpine nosuchcommand
docker run -it alpine sh
  hostname
  ps
  exit 3
docker stop web
docker ps -a
docker logs web
docker images
docker rm web
docker rm cache
docker rm -f cache
docker ps -a
docker rmi nginx
docker nosuch
docker run
docker ps --nosuchflag
