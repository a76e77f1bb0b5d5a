# Docker 28's images --tree view, and the formatter contexts that {{.}} prints for stats and search rows.
docker pull -q alpine
docker tag alpine mine:1
docker run -d --name r1 -m 64m alpine sleep 1000
docker images --tree
docker images --tree -q
docker stats --no-stream --format '{{printf "%+v" .}}'
docker stats --no-stream --format '{{json .}}' r1
docker search --limit 1 --format '{{.}}' alpine
docker search --limit 1 --format '{{json .}}|{{.IsOfficial}}|{{.}}' alpine
