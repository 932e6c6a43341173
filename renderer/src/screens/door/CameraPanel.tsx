import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useVerdict } from '../../stores/door-verdict';
import { useQrCamera } from './use-qr-camera';

/** Scanning with the camera, for a door without a hand scanner. Off until someone turns it on. */
export function CameraPanel() {
  const scan = useVerdict((state) => state.scan);
  const { videoRef, state, problem, start, stop } = useQrCamera((code) => void scan(code));
  const on = state !== 'off';
  return (
    <section className="station-tool camera-tool" aria-labelledby="door-camera-title">
      <div className="tool-header">
        <h2 id="door-camera-title">Camera</h2>
        <Button
          icon={on ? 'close' : 'qr'}
          busy={state === 'starting'}
          aria-pressed={on}
          onClick={on ? stop : () => void start()}
        >
          {on ? 'Turn camera off' : 'Scan with the camera'}
        </Button>
      </div>
      {problem && (
        <p className="form-error" role="alert">
          <Icon name="alert" />
          <span>{problem}</span>
        </p>
      )}
      <video
        ref={videoRef}
        className="camera-view"
        hidden={state !== 'on'}
        muted
        playsInline
        aria-label="Camera view: hold the ticket’s QR code up to it"
      />
      {!on && !problem && (
        <p className="muted">Hold a ticket’s QR code up to the camera once it is on.</p>
      )}
    </section>
  );
}
