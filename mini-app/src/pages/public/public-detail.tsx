// One published feedback: what was reported, where, the answer and the photos the officer chose to publish.
import { useState } from 'react';
import { ImageViewer, useParams } from 'zmp-ui';
import { buildUrl } from '../../api/client';
import { api } from '../../api/endpoints';
import type { PublicFeedback } from '../../api/types';
import { LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { useLoad } from '../../components/use-load';
import { formatDate } from '../../lib/format';
import { workingDaysText } from './public-labels';
import '../citizen/citizen.css';
import './public.css';

function Photos({ f }: { f: PublicFeedback }) {
  const [viewing, setViewing] = useState<number | null>(null);
  if (!f.photos.length) return null;
  // Served anonymously while the item and the photo stay published, without their metadata.
  const images = f.photos.map((p, i) => ({ src: buildUrl(p), alt: `Ảnh ${i + 1} của phản ánh ${f.code}` }));
  return (
    <section className="card" aria-labelledby="photos-title">
      <h2 id="photos-title">Hình ảnh</h2>
      <ul className="thumbs public-photos">
        {images.map((img, i) => (
          <li key={img.src}>
            <button type="button" onClick={() => setViewing(i)}>
              <img src={img.src} alt={img.alt} loading="lazy" />
            </button>
          </li>
        ))}
      </ul>
      {viewing !== null && <ImageViewer images={images} activeIndex={viewing} visible onClose={() => setViewing(null)} />}
    </section>
  );
}

function Detail({ f }: { f: PublicFeedback }) {
  const days = workingDaysText(f);
  return (
    <>
      <section className="card" aria-labelledby="pub-code">
        <div className="spread">
          <h2 id="pub-code" className="item-code">
            {f.code}
          </h2>
          <StatusBadge status={f.status} />
        </div>
        <dl className="facts">
          {f.categoryName && (
            <>
              <dt>Lĩnh vực</dt>
              <dd>{f.categoryName}</dd>
            </>
          )}
          <dt>Đơn vị xử lý</dt>
          <dd>{f.unitName}</dd>
          {f.area && f.area !== f.unitName && (
            <>
              <dt>Địa bàn</dt>
              <dd>{f.area}</dd>
            </>
          )}
          <dt>Ngày nhận</dt>
          <dd>{formatDate(f.receivedAt)}</dd>
          {f.answeredAt && (
            <>
              <dt>Ngày trả lời</dt>
              <dd>{formatDate(f.answeredAt)}</dd>
            </>
          )}
          {days && (
            <>
              <dt>Thời gian xử lý</dt>
              <dd>{days}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="pub-content">
        <h2 id="pub-content">Nội dung phản ánh</h2>
        {f.title && <h3>{f.title}</h3>}
        <p className="content-text">{f.content}</p>
      </section>
      {f.answer && (
        <section className="card answer-card" aria-labelledby="pub-answer">
          <h2 id="pub-answer">Trả lời của cơ quan</h2>
          <p className="content-text">{f.answer}</p>
          <p className="muted">{`${f.unitName}${f.answeredAt ? ` · ${formatDate(f.answeredAt)}` : ''}`}</p>
        </section>
      )}
      <Photos f={f} />
    </>
  );
}

export default function PublicDetail() {
  const { code = '' } = useParams();
  const detail = useLoad(() => api.public.get(code), [code]);
  return (
    <Screen title="Kết quả xử lý">
      <LoadState state={detail}>{(f) => <Detail f={f} />}</LoadState>
    </Screen>
  );
}
