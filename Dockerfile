# mentorkit as a container image: `docker build -t mentorkit .`, then, in a handbook project,
#   docker run --rm -v "$PWD:/handbook" -u "$(id -u):$(id -g)" mentorkit build
# The first stage builds the binary; the image holds only the binary and the C runtime.

FROM rust:1-slim-bookworm AS build
# jemalloc's build (the default allocator) runs make.
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --package mentorkit \
    && strip target/release/mentorkit

# glibc and libgcc, no shell or package manager.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/mentorkit /usr/local/bin/mentorkit
WORKDIR /handbook
# `serve` inside a container must listen on every address to be reached from outside:
#   docker run --rm -p 1111:1111 -v "$PWD:/handbook" mentorkit serve --bind 0.0.0.0
EXPOSE 1111
ENTRYPOINT ["mentorkit"]
CMD ["--help"]
