# docker build waiting on RUN steps in virtual time, pulls and pushes paced by the link, and the vfs storage driver.
mkdir /app && cd /app
printf 'FROM alpine\nRUN echo start\nRUN sleep 3 && echo done\nCOPY hello.sh /\nCMD ["sh", "/hello.sh"]\n' > Dockerfile
echo 'echo hello from the image' > hello.sh
date +%T
docker build -t slow .
date +%T
docker build -t slow .
docker run --rm slow
printf 'FROM alpine\nRUN echo failing; exit 3\n' > Dockerfile.bad
docker build -f Dockerfile.bad .
date +%T
docker pull nginx
date +%T
docker images
docker run -d -p 5000:5000 --name reg registry:2
docker tag slow localhost:5000/slow
docker push localhost:5000/slow
mkdir -p /etc/docker
echo '{"storage-driver": "vfs"}' > /etc/docker/daemon.json
systemctl restart docker
docker info --format '{{.Driver}}'
docker images
docker run --rm alpine cat /proc/mounts | head -1
ls /var/lib/docker/vfs/dir | wc -l
docker pull -q nginx
du -sh /var/lib/docker/overlay2 /var/lib/docker/vfs
echo '{"storage-driver": "devicemapper"}' > /etc/docker/daemon.json
systemctl restart docker
journalctl -u docker | tail -4
docker ps
