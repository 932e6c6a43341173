import { useCallback, useEffect, useRef, useState } from 'react';

export type CameraState = 'off' | 'starting' | 'on';

// Decoding a frame takes a few milliseconds at this size; a few frames a second is plenty for a
// ticket held up to the camera, and leaves the page free for the verdict.
const FRAME_WIDTH = 640;
const FRAME_GAP_MS = 150;
// The same code seen again within this long is the same ticket still in front of the camera.
const SAME_CODE_MS = 3_000;

/**
 * QR codes from the camera, only while the person has turned it on. The decoder (jsQR) loads on
 * first use, so the app does not carry it until a door needs it.
 */
export function useQrCamera(onCode: (code: string) => void) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>('off');
  const [problem, setProblem] = useState<string | null>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  });

  const stop = useCallback(() => {
    stopRef.current?.();
    stopRef.current = null;
    setState('off');
  }, []);

  const start = useCallback(async () => {
    setProblem(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('This desktop has no camera. Use the hand scanner or the search.');
      return;
    }
    setState('starting');
    let cancelled = false;
    stopRef.current = () => {
      cancelled = true;
    };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch (error) {
      if (!cancelled) {
        setState('off');
        setProblem(cameraProblem(error));
      }
      return;
    }
    const release = () => stream.getTracks().forEach((track) => track.stop());
    const { default: jsQR } = await import('jsqr');
    const video = videoRef.current;
    if (cancelled || !video) return release();

    video.srcObject = stream;
    await video.play().catch(() => undefined);
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    let timer: number | undefined;
    let last = { code: '', at: 0 };
    const look = () => {
      if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const scale = Math.min(1, FRAME_WIDTH / video.videoWidth);
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const frame = context.getImageData(0, 0, canvas.width, canvas.height);
        // Both ways: a phone wallet in dark mode shows the code light on dark.
        const found = jsQR(frame.data, frame.width, frame.height, {
          inversionAttempts: 'attemptBoth',
        });
        const now = Date.now();
        if (found?.data && (found.data !== last.code || now - last.at > SAME_CODE_MS)) {
          onCodeRef.current(found.data);
        }
        if (found?.data) last = { code: found.data, at: now };
      }
      timer = window.setTimeout(look, FRAME_GAP_MS);
    };
    look();
    stopRef.current = () => {
      window.clearTimeout(timer);
      release();
      video.srcObject = null;
    };
    setState('on');
  }, []);

  useEffect(() => () => stopRef.current?.(), []);
  return { videoRef, state, problem, start, stop };
}

function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Use the hand scanner or the search.';
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was refused. Allow it in the system settings, or use the hand scanner.';
    case 'NotReadableError':
      return 'The camera is busy in another app. Close it there and try again.';
    default:
      return 'The camera could not be started. Use the hand scanner or the search.';
  }
}
